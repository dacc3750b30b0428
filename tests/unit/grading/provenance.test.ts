import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DockerClient, ExecResult, ImageInfo } from '../../../runner/docker/docker-client';
import { collectProvenance, labContentHash } from '../../../runner/grading/provenance';
import { Provenance } from '../../../runner/grading/result';
import { askServerVersion } from '../../../runner/services/server-version';
import type { RunningService, ServiceOrigin } from '../../../runner/services/service';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function labFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backlab-provenance-'));
  made.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** Only what provenance asks of Docker: images by reference, and one exec answer. */
function fakeDocker(images: Record<string, ImageInfo>, exec?: ExecResult | Error): DockerClient {
  return {
    inspectImage: async (ref: string) => images[ref],
    exec: async () => {
      if (exec instanceof Error) throw exec;
      return exec ?? { exitCode: 0, stdout: '', stderr: '' };
    },
  } as Partial<DockerClient> as DockerClient;
}

const service = (kind: RunningService['kind'], origin: ServiceOrigin) =>
  ({ kind, origin: async () => origin }) as Partial<RunningService> as RunningService;

describe('labContentHash', () => {
  test('depends on every path and content, not on the order files were written or node_modules', async () => {
    const a = await labContentHash(labFolder({ 'lab.yaml': 'id: x', 'tests/01.test.ts': 't' }));
    const b = await labContentHash(
      labFolder({ 'tests/01.test.ts': 't', 'lab.yaml': 'id: x', 'solution/node_modules/m/index.js': '1' }),
    );
    const moved = await labContentHash(labFolder({ 'lab.yaml': 'id: x', 'tests/01.test.t': 'st' }));
    const edited = await labContentHash(labFolder({ 'lab.yaml': 'id: y', 'tests/01.test.ts': 't' }));
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(moved).not.toBe(a);
    expect(edited).not.toBe(a);
  });
});

describe('collectProvenance', () => {
  const images: Record<string, ImageInfo> = {
    'backlab/node:latest': {
      id: 'sha256:node-id',
      labels: { 'backlab.image.key': 'sha256:node-key' },
      sizeBytes: 1,
    },
    'backlab/mariadb:latest': {
      id: 'sha256:db-id',
      labels: { 'backlab.image.key': 'sha256:db-key' },
      sizeBytes: 1,
    },
    'mongo:7': { id: 'sha256:mongo-id', labels: {}, sizeBytes: 1 },
  };

  test("records backlab's version, the lab, each image's content key and what served each service", async () => {
    const dir = labFolder({ 'lab.yaml': 'id: x' });
    const mariadb: ServiceOrigin = {
      implementation: 'mariadb',
      image: 'backlab/mariadb:latest',
      version: '10.11.6-MariaDB',
    };
    const mongo: ServiceOrigin = { implementation: 'mongodb', image: 'mongo:7', version: '7.0.14' };
    const provenance = await collectProvenance(
      fakeDocker(images),
      {
        dir,
        services: {
          mysql: { database: 'app', initScripts: [] },
          mongodb: { database: 'app', seedFiles: [] },
        },
      },
      [service('mysql', mariadb), service('mongodb', mongo)],
    );
    expect(Provenance.parse(provenance)).toEqual({
      backlab: expect.stringMatching(/^\d+\.\d+\.\d+/),
      labHash: await labContentHash(dir),
      // mongo:7 is not backlab's: its image id stands for the content key it has not got.
      images: {
        'backlab/node:latest': 'sha256:node-key',
        'backlab/mariadb:latest': 'sha256:db-key',
        'mongo:7': 'sha256:mongo-id',
      },
      services: { mysql: mariadb, mongodb: mongo },
    });
  });

  test('leaves out images that are not on the machine, and services that never started', async () => {
    const provenance = await collectProvenance(
      fakeDocker({}),
      { dir: labFolder({ 'lab.yaml': 'id: x' }), services: { nginx: {} } },
      [],
    );
    expect(provenance.images).toEqual({});
    expect(provenance.services).toEqual({});
  });
});

describe('askServerVersion', () => {
  const nginxVersion = (output: string) => /nginx\/(\S+)/.exec(output)?.[1];

  test('finds the version in what the server prints, stderr included', async () => {
    const docker = fakeDocker({}, { exitCode: 0, stdout: '', stderr: 'nginx version: nginx/1.22.1\n' });
    expect(await askServerVersion(docker, 'c1', ['nginx', '-v'], nginxVersion)).toBe('1.22.1');
  });

  test('says "unknown" rather than failing the run when the server cannot be asked', async () => {
    const failed = fakeDocker({}, { exitCode: 1, stdout: '', stderr: 'no such file' });
    const gone = fakeDocker({}, new Error('container is not running'));
    const silent = fakeDocker({}, { exitCode: 0, stdout: 'welcome', stderr: '' });
    for (const docker of [failed, gone, silent])
      expect(await askServerVersion(docker, 'c1', ['nginx', '-v'], nginxVersion)).toBe('unknown');
  });
});
