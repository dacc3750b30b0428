import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotReadyError } from '../../../runner/docker/start-container';
import { NginxConfigError } from '../../../runner/services/nginx-config-error';
import { startNginx } from '../../../runner/services/nginx';
import type { ServiceContext } from '../../../runner/services/service';
import { FakeNginxDocker } from './fake-nginx-docker';

const TEST_OUTPUT =
  '2024/05/01 10:00:00 [emerg] 7#7: host not found in upstream "app-3:3000" in /etc/nginx/conf.d/nginx.conf:4\n' +
  'nginx: configuration file /etc/nginx/nginx.conf test failed\n';

let dir: string;
let config: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'backlab-start-nginx-'));
  config = join(dir, 'nginx.conf');
  writeFileSync(config, 'upstream api { server app-3:3000; }\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(fake: FakeNginxDocker): ServiceContext {
  return {
    docker: fake.client(),
    runId: 'r1',
    network: 'net-r1',
    labels: { 'backlab.run': 'r1' },
    publish: false,
    timeoutMs: 2000,
  };
}

describe('startNginx', () => {
  test('tests the configuration with nginx -t before nginx starts', async () => {
    const fake = new FakeNginxDocker({ rejects: false });
    const service = await startNginx(context(fake), { configFile: config, configFrom: 'submission' });
    expect(fake.spec?.cmd?.join(' ')).toMatch(/nginx -t -q \|\| exit \d+; exec nginx -g "daemon off;"/);
    expect(fake.archives.map((a) => a.path)).toEqual(['/etc/nginx/conf.d']);
    expect(service.summary()).toBe('your configuration');
    expect(service.kitEnv()).toEqual({ BACKLAB_NGINX_URL: 'http://nginx:80' });
  });

  test("a rejected configuration becomes a NginxConfigError carrying nginx's output verbatim", async () => {
    const fake = new FakeNginxDocker({ rejects: true, testOutput: TEST_OUTPUT });
    const error = await startNginx(context(fake), { configFile: config, configFrom: 'submission' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NginxConfigError);
    expect((error as NginxConfigError).message).toBe(TEST_OUTPUT.trimEnd());
    expect((error as NginxConfigError).owner).toBe('submission');
    expect((error as NginxConfigError).hint).toContain('/etc/nginx/conf.d/nginx.conf is your nginx.conf');
    expect(fake.removed).toEqual(['nginx-1']);
  });

  test('a container that stops for another reason stays a readiness failure', async () => {
    const fake = new FakeNginxDocker({ rejects: true, testOutput: 'bash: nginx: command not found' });
    const error = await startNginx(context(fake), { configFile: config }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotReadyError);
    expect(error).not.toBeInstanceOf(NginxConfigError);
  });
});
