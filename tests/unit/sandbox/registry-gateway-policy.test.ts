import {
  decideConnect,
  decideRequest,
  gatewayConfig,
  GATEWAY_ENV,
  upstreamFor,
  type GatewayConfig,
} from '../../../runner/sandbox/registry-gateway-policy';

const config = (registry: string, extra: Partial<GatewayConfig> = {}): GatewayConfig => ({
  registry: new URL(registry),
  fileHosts: [],
  noProxy: [],
  ...extra,
});

describe('the registry gateway lets through the registry alone', () => {
  const https = config('https://registry.example.test/');

  it('allows CONNECT to the registry host at its TLS port, whatever the case of the name', () => {
    expect(decideConnect('registry.example.test:443', https)).toEqual({ allowed: true });
    expect(decideConnect('Registry.Example.TEST:443', https)).toEqual({ allowed: true });
    expect(
      decideConnect('mirror.example.test:8443', config('https://mirror.example.test:8443/npm/')),
    ).toEqual({
      allowed: true,
    });
  });

  it("allows CONNECT to the registry's file hosts at 443 only, and names them when it refuses", () => {
    const index = config('https://index.example.test/simple/', { fileHosts: ['files.example.test'] });
    expect(decideConnect('files.example.test:443', index)).toEqual({ allowed: true });
    expect(decideConnect('Files.Example.Test:443', index)).toEqual({ allowed: true });
    expect(decideConnect('files.example.test:8443', index)).toMatchObject({ allowed: false });
    expect(decideConnect('files.example.test.evil.example:443', index)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('(index.example.test:443, files.example.test:443)'),
    });
    // A file host is for downloads over TLS: plain HTTP to it stays refused.
    expect(decideRequest('GET', 'http://files.example.test/x.whl', index)).toMatchObject({ allowed: false });
  });

  it('refuses every other CONNECT with a reason that names the host and what is allowed', () => {
    expect(decideConnect('downloads.example.invalid:443', https)).toEqual({
      allowed: false,
      host: 'downloads.example.invalid',
      reason:
        'CONNECT downloads.example.invalid:443: the install stage of grading reaches only the package registry (registry.example.test:443)',
    });
    for (const target of [
      'registry.example.test:22',
      'registry.example.test.evil.example:443',
      'evil-registry.example.test:443',
      '[::1]:443',
      'registry.example.test',
    ]) {
      expect(decideConnect(target, https)).toMatchObject({ allowed: false });
    }
  });

  it('refuses plain HTTP to an https registry, and allows it only to an http registry host and port', () => {
    expect(decideRequest('GET', 'http://registry.example.test/ms', https)).toMatchObject({
      allowed: false,
      host: 'registry.example.test',
    });
    const plain = config('http://registry.example.test:4873/');
    expect(decideRequest('GET', 'http://registry.example.test:4873/ms', plain)).toEqual({ allowed: true });
    expect(decideRequest('GET', 'http://registry.example.test/ms', plain)).toMatchObject({ allowed: false });
    expect(decideRequest('GET', 'http://elsewhere.example.test:4873/x', plain)).toMatchObject({
      allowed: false,
      host: 'elsewhere.example.test',
    });
    // A request that is not for a proxy (origin form) is refused too.
    expect(decideRequest('GET', '/ms', plain)).toMatchObject({ allowed: false, host: '/ms' });
  });
});

describe('chaining through the host proxy', () => {
  it('reads the gateway environment, and refuses proxies it cannot chain through', () => {
    const parsed = gatewayConfig({
      [GATEWAY_ENV.registry]: 'https://registry.example.test/',
      [GATEWAY_ENV.httpsProxy]: 'proxy.corp.example:3128',
      [GATEWAY_ENV.noProxy]: 'localhost, .internal.example,*.lan.example:8080',
    });
    expect(parsed.httpsProxy?.href).toBe('http://proxy.corp.example:3128/');
    expect(parsed.httpProxy).toBeUndefined();
    expect(parsed.noProxy).toEqual(['localhost', 'internal.example', 'lan.example']);
    expect(parsed.fileHosts).toEqual([]);
    expect(
      gatewayConfig({
        [GATEWAY_ENV.registry]: 'https://index.example.test/simple/',
        [GATEWAY_ENV.fileHosts]: 'Files.Example.test, cdn.example.test',
      }).fileHosts,
    ).toEqual(['files.example.test', 'cdn.example.test']);
    expect(() =>
      gatewayConfig({
        [GATEWAY_ENV.registry]: 'https://registry.example.test/',
        [GATEWAY_ENV.httpsProxy]: 'https://proxy.corp.example',
      }),
    ).toThrow(/only http:\/\/ proxies/);
    expect(() => gatewayConfig({})).toThrow(GATEWAY_ENV.registry);
  });

  it('uses the proxy unless NO_PROXY names the host or a domain above it', () => {
    const proxied = config('https://registry.example.test/', {
      httpsProxy: new URL('http://proxy.corp.example:3128'),
      noProxy: ['internal.example'],
    });
    expect(upstreamFor('registry.example.test', 'https', proxied)?.host).toBe('proxy.corp.example:3128');
    expect(upstreamFor('npm.internal.example', 'https', proxied)).toBeUndefined();
    expect(upstreamFor('internal.example', 'https', proxied)).toBeUndefined();
    expect(upstreamFor('notinternal.example', 'https', proxied)).toBeDefined();
    expect(upstreamFor('registry.example.test', 'http', proxied)).toBeUndefined();
    expect(upstreamFor('x.example', 'https', { ...proxied, noProxy: ['*'] })).toBeUndefined();
  });
});
