import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Environment } from '../../../runner/services/environment';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-env-test-');

const docker = realDocker();

async function schemaFile(sql: string): Promise<string> {
  const dir = await folders.make();
  const file = join(dir, 'schema.sql');
  await writeFile(file, sql);
  return file;
}

async function startDevLike(initSql: string): Promise<Environment> {
  const env = await Environment.create(
    { docker, progress: recordingProgress() },
    { workspace: 'environment-test', lifetime: 'run', internal: false },
  );
  try {
    await env.startServices([
      { kind: 'mysql', options: { database: 'shop', initScripts: [await schemaFile(initSql)] } },
      { kind: 'nginx', options: {} },
    ]);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

describe('an environment with MySQL and nginx (real Docker)', () => {
  it('is ready, answers through ports published on 127.0.0.1, and leaves nothing after teardown', async () => {
    const env = await startDevLike(
      'CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20)); INSERT INTO items VALUES (1, "pen");',
    );
    try {
      const settings = env.appEnv('published');
      expect(settings.DB_HOST).toBe('127.0.0.1');
      const db = await createConnection({
        host: settings.DB_HOST,
        port: Number(settings.DB_PORT),
        user: settings.DB_USER,
        password: settings.DB_PASSWORD,
        database: settings.DB_NAME,
      });
      try {
        const [rows] = await db.query('SELECT name FROM items');
        expect(rows).toEqual([{ name: 'pen' }]);
        await db.query('INSERT INTO items VALUES (2, "ink")');
        await env.resetServices();
        const [afterReset] = await db.query('SELECT id FROM items ORDER BY id');
        expect(afterReset).toEqual([{ id: 1 }]);
      } finally {
        await db.end();
      }
      const nginx = env.service('nginx')!.published!;
      const res = await fetch(`http://${nginx.host}:${nginx.port}/`);
      expect(res.status).toBe(200);
    } finally {
      const removed = await env.teardown();
      expect(removed.failures).toEqual([]);
    }
    expect(await leftovers(docker, env.runId)).toEqual([]);
  });

  it('runs two environments side by side without sharing names, ports or networks', async () => {
    const [a, b] = await Promise.all([
      startDevLike('CREATE TABLE a (x INT);'),
      startDevLike('CREATE TABLE b (x INT);'),
    ]);
    try {
      expect(a.runId).not.toBe(b.runId);
      expect(a.network).not.toBe(b.network);
      const portA = a.service('mysql')!.published!.port;
      const portB = b.service('mysql')!.published!.port;
      expect(portA).not.toBe(portB);
      for (const [env, table] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        const s = env.appEnv('published');
        const db = await createConnection({
          host: s.DB_HOST,
          port: Number(s.DB_PORT),
          user: s.DB_USER,
          password: s.DB_PASSWORD,
          database: s.DB_NAME,
        });
        const [tables] = await db.query('SHOW TABLES');
        await db.end();
        expect(tables).toEqual([{ Tables_in_shop: table }]);
      }
    } finally {
      await Promise.all([a.teardown(), b.teardown()]);
    }
    expect([...(await leftovers(docker, a.runId)), ...(await leftovers(docker, b.runId))]).toEqual([]);
  });

  it('fails fast with the log tail when an init script breaks, and removes the container', async () => {
    const env = await Environment.create(
      { docker, progress: recordingProgress() },
      { workspace: 'environment-test', lifetime: 'run', internal: true, serviceTimeoutMs: 30_000 },
    );
    try {
      const started = Date.now();
      const failure = env.startServices([
        {
          kind: 'mysql',
          options: { database: 'app', initScripts: [await schemaFile('CREATE TABLE oops (')] },
        },
      ]);
      await expect(failure).rejects.toThrow(
        /MySQL exited with code \d+ before it was ready[\s\S]*last log lines[\s\S]*init script 01-schema\.sql failed/,
      );
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(await docker.listContainers({ 'backlab.run': env.runId })).toEqual([]);
    } finally {
      await env.teardown();
    }
  });
});
