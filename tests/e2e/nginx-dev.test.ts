import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL } from '../../runner/docker/labels';
import { backlab } from '../support/cli';
import { realDocker } from '../support/docker';

/**
 * The nginx lab in development (real CLI, real Docker): `start` runs the lab's app and nginx with
 * the learner's configuration, published on 127.0.0.1; `test` reloads it after `nginx -t`, keeps
 * the last accepted configuration when nginx refuses one, and `logs nginx` reads both the
 * development nginx and the latest grade's.
 */
const docker = realDocker();
const LAB = join(__dirname, '..', '..', 'labs', 'nginx-proxy');
let parent: string;
let folder: string;
let devRunId: string | undefined;
let nginxUrl: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'backlab-nginx-dev-'));
  folder = join(parent, 'my-nginx');
});

afterAll(async () => {
  if (devRunId) await backlab(['stop'], { cwd: folder });
  await rm(parent, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${nginxUrl}${path}`);

describe('the nginx lab in development (real CLI, real Docker)', () => {
  it('start runs the lab app and nginx with the starter configuration on 127.0.0.1', async () => {
    const run = await backlab(['start', 'nginx-proxy', 'my-nginx', '--json'], { cwd: parent });
    expect(run.code).toBe(0);
    const started = JSON.parse(run.stdout) as {
      runId: string;
      services: Array<{ kind: string; host: string; port: number }>;
    };
    devRunId = started.runId;
    const nginx = started.services.find((s) => s.kind === 'nginx');
    expect(nginx?.host).toBe('127.0.0.1');
    nginxUrl = `http://127.0.0.1:${nginx!.port}`;
    // The starter's configuration answers 501 everywhere.
    expect((await get('/')).status).toBe(501);
    const roles = (await docker.listContainers({ [LABEL.run]: devRunId }))
      .map((c) => c.labels[LABEL.role])
      .sort();
    expect(roles).toEqual(['app', 'app', 'nginx']);
  });

  it('test reloads the development nginx with the edited configuration first', async () => {
    await cp(join(LAB, 'solution'), folder, { recursive: true });
    const run = await backlab(['test', '--stage', 'proxy', '--json'], { cwd: folder });
    expect(run.stderr).toContain('Reloaded the development nginx with your configuration');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'pass' });
    const products = await get('/api/products');
    expect(products.status).toBe(200);
    expect(await products.json()).toHaveProperty('products');
    expect((await get('/')).status).toBe(200);
  });

  it("logs nginx shows the development nginx's log, and --grade the latest grade's", async () => {
    const dev = await backlab(['logs', 'nginx'], { cwd: folder });
    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain('"GET /api/products HTTP/1.1" 200');
    const graded = await backlab(['logs', 'nginx', '--grade'], { cwd: folder });
    expect(graded.code).toBe(0);
    // The proxy stage's own requests, as nginx inside that grade logged them.
    expect(graded.stdout).toMatch(/"GET \/api\/echo\/\S+ HTTP\/1\.1" 200/);
    expect(graded.stdout).not.toContain('/api/products HTTP/1.1');
    // Each instance of the lab's app by its name, as status lists them.
    const status = await backlab(['status'], { cwd: folder });
    expect(status.stdout).toMatch(/app-1\s+running/);
    expect(status.stdout).toMatch(/app-2\s+running/);
    const app2 = await backlab(['logs', 'app-2'], { cwd: folder });
    expect(app2.code).toBe(0);
    expect(app2.stdout).toContain('app-2 listening on port 3000');
  });

  it('a configuration nginx -t refuses is shown in its words, and the last accepted one stays', async () => {
    await writeFile(join(folder, 'nginx.conf'), 'server { listen 80; oops; }\n');
    const run = await backlab(['test', '--stage', 'proxy', '--json'], { cwd: folder });
    expect(run.stderr).toContain('nginx -t refused nginx.conf');
    expect(run.stderr).toContain('unknown directive "oops"');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'error' });
    expect((await get('/api/products')).status).toBe(200);
  });

  it('stop removes the app and nginx', async () => {
    const run = await backlab(['stop', '--json'], { cwd: folder });
    expect(run.code).toBe(0);
    expect(await docker.listContainers({ [LABEL.run]: devRunId! })).toEqual([]);
    devRunId = undefined;
  });
});
