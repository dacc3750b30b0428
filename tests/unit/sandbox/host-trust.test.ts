import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostProxy, hostRegistry } from '../../../runner/sandbox/host-trust';

describe("the host's way out to the registry", () => {
  it("takes npm's proxy settings first, then the usual variables; https falls back to the plain proxy", () => {
    expect(hostProxy({ HTTP_PROXY: 'http://proxy.corp.example:3128' })).toEqual({
      http: 'http://proxy.corp.example:3128',
      https: 'http://proxy.corp.example:3128',
    });
    expect(
      hostProxy({
        npm_config_https_proxy: 'http://npm-proxy.corp.example:8080',
        HTTPS_PROXY: 'http://other.corp.example:3128',
        NO_PROXY: '.corp.example',
      }),
    ).toEqual({ https: 'http://npm-proxy.corp.example:8080', noProxy: '.corp.example' });
    expect(hostProxy({})).toEqual({});
  });

  it('reads the registry from npm_config_registry, or asks npm (here: a user config of its own)', async () => {
    expect((await hostRegistry({ npm_config_registry: 'https://registry.example.test/npm/' })).href).toBe(
      'https://registry.example.test/npm/',
    );
    const dir = await mkdtemp(join(tmpdir(), 'backlab-npmrc-'));
    try {
      const userconfig = join(dir, 'npmrc');
      await writeFile(userconfig, 'registry=http://mirror.example.test:4873/\n');
      const env = { PATH: process.env.PATH, HOME: dir, npm_config_userconfig: userconfig };
      expect((await hostRegistry(env)).href).toBe('http://mirror.example.test:4873/');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await expect(hostRegistry({ npm_config_registry: 'file:///srv/npm' })).rejects.toThrow(
      /is not an http\(s\) URL/,
    );
  });
});
