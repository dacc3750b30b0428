import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { create } from 'tar';
import { pollUntil } from '../../runner/common/poll';
import { silentProgress } from '../../runner/common/progress';
import type { ContainerSpec } from '../../runner/docker/docker-client';
import { DockerodeClient } from '../../runner/docker/dockerode-client';
import { IMAGE, buildImages } from '../../runner/docker/images';
import { currentOwner, runLabels, withRole } from '../../runner/docker/labels';
import { newRunId, resourceName } from '../../runner/docker/names';

const docker = new DockerodeClient();
const runId = newRunId();
const labels = runLabels({ runId, workspace: 'images-test', lifetime: 'run', owner: currentOwner() });
const created: string[] = [];

const DB = {
  BACKLAB_DB_NAME: 'shop',
  BACKLAB_DB_USER: 'lab',
  BACKLAB_DB_PASSWORD: "pa'ss\\word",
  BACKLAB_ROOT_PASSWORD: 'r00t',
};
const SCHEMA_SQL = `CREATE TABLE products (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40) NOT NULL);
INSERT INTO products (name) VALUES ('kettle'), ('teapot');
`;

async function startContainer(
  part: string,
  spec: Omit<ContainerSpec, 'name' | 'labels'>,
  files: Record<string, string> = {},
) {
  const id = await docker.createContainer({
    ...spec,
    name: resourceName(runId, part),
    labels: withRole(labels, part),
  });
  created.push(id);
  if (Object.keys(files).length) await docker.putArchive(id, '/backlab/initdb', await tarOf(files));
  await docker.startContainer(id);
  return id;
}

/** A tar (as a buffer) holding the given files. */
async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-images-test-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from(create({ cwd: dir, portable: true }, Object.keys(files)))) {
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs SQL as the app user over TCP inside the container, as an app on the network would. */
function appQuery(id: string, sql: string) {
  return docker.exec(id, [
    'mariadb',
    '-h',
    '127.0.0.1',
    '-u',
    DB.BACKLAB_DB_USER,
    `-p${DB.BACKLAB_DB_PASSWORD}`,
    DB.BACKLAB_DB_NAME,
    '-N',
    '-B',
    '-e',
    sql,
  ]);
}

afterAll(async () => {
  for (const id of created) await docker.removeContainer(id);
});

describe('backlab images', () => {
  it(
    'builds every image, and a second build skips them all',
    async () => {
      const first = await buildImages({ docker, progress: silentProgress });
      expect(first.map((o) => o.name)).toEqual([
        'base',
        'mariadb',
        'nginx',
        'redis',
        'node',
        'python',
        'php',
        'mongo-standin',
      ]);
      for (const image of first) expect(await docker.inspectImage(image.ref)).toBeDefined();

      const second = await buildImages({ docker, progress: silentProgress });
      expect(second.map((o) => o.action)).toEqual(first.map(() => 'skipped'));
    },
    20 * 60_000,
  );

  it("mariadb: applies init scripts, serves the app user over TCP, and resets to the init state, keeping the app's own tables empty", async () => {
    const id = await startContainer(
      'mariadb',
      {
        image: IMAGE.mariadb,
        env: DB,
        mounts: [{ type: 'tmpfs', target: '/var/lib/mysql', sizeBytes: 256 * 1024 ** 2 }],
      },
      { '01-schema.sql': SCHEMA_SQL },
    );
    await pollUntil(async () => ((await appQuery(id, 'SELECT 1')).exitCode === 0 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 100,
      describe: 'MariaDB did not accept the app user',
    });

    const rows = await appQuery(id, 'SELECT name FROM products ORDER BY id');
    expect(rows.stdout.trim().split('\n')).toEqual(['kettle', 'teapot']);
    const charset = await appQuery(id, 'SELECT @@character_set_server');
    expect(charset.stdout.trim()).toBe('utf8mb4');

    // The app changes the lab's data and makes a table of its own (as a session store does).
    const changed = await appQuery(
      id,
      'DELETE FROM products; CREATE TABLE sessions (x INT); INSERT INTO sessions VALUES (1); SELECT COUNT(*) FROM products',
    );
    expect(changed).toMatchObject({ exitCode: 0, stdout: '0\n' });

    const reset = await docker.exec(id, ['backlab-db-reset']);
    expect(reset).toMatchObject({ exitCode: 0 });
    // The lab's table is back as its init script made it; the app's own table is kept, emptied.
    const tables = await appQuery(id, 'SHOW TABLES');
    expect(tables.stdout.trim().split('\n').sort()).toEqual(['products', 'sessions']);
    expect((await appQuery(id, 'SELECT COUNT(*) FROM products')).stdout.trim()).toBe('2');
    expect((await appQuery(id, 'SELECT COUNT(*) FROM sessions')).stdout.trim()).toBe('0');

    const root = await docker.exec(id, [
      'mariadb',
      '-h',
      '127.0.0.1',
      '-u',
      'root',
      `-p${DB.BACKLAB_ROOT_PASSWORD}`,
      '-N',
      '-e',
      'SELECT CURRENT_USER()',
    ]);
    expect(root.stdout.trim()).toBe('root@%');
  }, 60_000);

  it('mariadb: a failing init script stops the container with the script name and the error', async () => {
    const id = await startContainer(
      'mariadb-bad',
      { image: IMAGE.mariadb, env: DB, mounts: [{ type: 'tmpfs', target: '/var/lib/mysql' }] },
      { '01-schema.sql': SCHEMA_SQL, '02-broken.sql': 'CREATE TABLE broken (id INT;\n' },
    );
    const exitCode = await docker.waitContainer(id);
    expect(exitCode).not.toBe(0);
    const logs = await docker.logs(id, 200);
    expect(logs).toMatch(/backlab: init script 02-broken\.sql failed: ERROR 1064/);
  }, 60_000);

  it('nginx: serves the default page on port 80', async () => {
    const id = await startContainer('nginx', { image: IMAGE.nginx, publish: [80] });
    const port = (await docker.inspectContainer(id)).ports[80];
    expect(port).toBeGreaterThan(0);
    const response = await pollUntil(() => fetch(`http://127.0.0.1:${port}/`).catch(() => undefined), {
      timeoutMs: 10_000,
      intervalMs: 100,
      describe: 'nginx did not answer on /',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('backlab');
  }, 30_000);

  it("node: runs the host's Node.js version and npm as the learner user", async () => {
    const id = await startContainer('node', {
      image: IMAGE.node,
      cmd: ['sh', '-c', 'node --version && npm --version && id -u && pwd'],
    });
    expect(await docker.waitContainer(id)).toBe(0);
    const [nodeVersion, npmVersion, uid, cwd] = (await docker.logs(id)).trim().split('\n');
    expect(nodeVersion).toBe(process.version);
    expect(npmVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(uid).toBe('10001');
    expect(cwd).toBe('/app');
  }, 30_000);

  it('python and php: the libraries learners import, as the learner user, with the probe node beside them', async () => {
    const run = async (image: string, script: string) => {
      const id = await startContainer(image.replace(/^backlab\/|:latest$/g, ''), {
        image,
        cmd: ['sh', '-c', script],
      });
      expect(await docker.waitContainer(id)).toBe(0);
      return (await docker.logs(id)).trim().split('\n');
    };
    const python = await run(
      IMAGE.python,
      'python3 -c "import flask, pymysql, bcrypt, redis, jwt, dotenv, fastapi, sqlalchemy; print(flask.__version__)" && id -u && /usr/local/bin/node --version',
    );
    expect(python).toEqual([expect.stringMatching(/^\d+\.\d+/), '10001', process.version]);
    // php -m lists the loaded extensions, one per line, under "[PHP Modules]".
    const php = await run(IMAGE.php, 'id -u && php -m');
    expect(php[0]).toBe('10001');
    expect(php).toEqual(expect.arrayContaining(['pdo_mysql', 'mbstring', 'posix']));
  }, 60_000);
});
