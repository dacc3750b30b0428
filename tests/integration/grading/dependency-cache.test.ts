import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { IMAGE } from '../../../runner/docker/images/catalog';
import { LABEL } from '../../../runner/docker/labels';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

/**
 * The dependency cache is shared by every grade on a machine: one learner's install must never
 * become another's node_modules unless their install inputs are byte-identical.
 */
const docker = realDocker();
const fixtures = join(__dirname, '..', '..', 'fixtures', 'grading');
let lab: Lab;
// A marker of this test run: its package.json bytes, so no cache of an earlier run is reused.
const marker = randomUUID();

const MS = {
  '2.1.2': 'sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==',
  '2.1.3': 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
};

function packageJson(tag: string): string {
  return `${JSON.stringify({
    name: 'hello-app',
    version: '1.0.0',
    private: true,
    description: `dependency cache test ${tag}`,
    scripts: { start: 'node start.js' },
    dependencies: { ms: '^2.1.2' },
  })}\n`;
}

/** A lockfile pinning ms to `version`: npm ci installs exactly that, whatever the range allows. */
function lockfile(version: keyof typeof MS): string {
  const root = { name: 'hello-app', version: '1.0.0', dependencies: { ms: '^2.1.2' } };
  const ms = { version, integrity: MS[version], license: 'MIT' };
  const packages = { '': root, 'node_modules/ms': ms };
  return `${JSON.stringify({ name: 'hello-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

async function project(
  tag: string,
  version: keyof typeof MS,
  extra: Record<string, string> = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-cache-'));
  await cp(join(fixtures, 'hello-lab', 'solution'), dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), packageJson(tag));
  await writeFile(join(dir, 'package-lock.json'), lockfile(version));
  await writeFile(
    join(dir, 'start.js'),
    "console.log(`ms ${require('ms/package.json').version}`);\nrequire('./server.js');\n",
  );
  for (const [name, content] of Object.entries(extra)) await writeFile(join(dir, name), content);
  return dir;
}

async function gradeProject(
  dir: string,
  name: string,
  progress = recordingProgress(),
  appDir?: string,
): Promise<GradeResult> {
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-cache-run-'));
  try {
    const result = await grade(
      { docker, progress },
      { lab, submissionDir: dir, hidden: false, workspace: `test-cache-${name}`, runDir, appDir },
    );
    expect(await docker.listContainers({ [LABEL.run]: result.runId })).toEqual([]);
    return result;
  } finally {
    await rm(runDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const loaded = await loadLab(join(fixtures, 'hello-lab'));
  if (!loaded.ok) throw new Error('fixture lab does not load');
  lab = loaded.lab;
});

describe('the dependency cache (real Docker)', () => {
  it('gives an honest learner their own lockfile after another learner tampered with theirs', async () => {
    const tampered = await gradeProject(await project(`poison-${marker}`, '2.1.2'), 'tampered');
    expect(tampered.appLog).toContain('ms 2.1.2');
    const honest = await gradeProject(await project(`poison-${marker}`, '2.1.3'), 'honest');
    expect(honest).toMatchObject({ status: 'pass', score: 100 });
    expect(honest.appLog).toContain('ms 2.1.3');
  });

  it('keys on .npmrc too: an .npmrc that preloads code gets node_modules of its own', async () => {
    const npmrc = {
      '.npmrc': 'node-options=--require=./preload.js\n',
      'preload.js': 'console.log("preloaded")\n',
    };
    const first = recordingProgress();
    await gradeProject(await project(`npmrc-${marker}`, '2.1.3', npmrc), 'npmrc', first);
    expect(first.lines).toContain('ok Installing dependencies: installed with npm ci');
    const second = recordingProgress();
    const honest = await gradeProject(await project(`npmrc-${marker}`, '2.1.3'), 'npmrc-honest', second);
    expect(honest).toMatchObject({ status: 'pass', score: 100 });
    expect(second.lines).toContain('ok Installing dependencies: installed with npm ci');
    // The same inputs again do reuse the cache: the key is the inputs' bytes, nothing else.
    const third = recordingProgress();
    await gradeProject(await project(`npmrc-${marker}`, '2.1.3'), 'npmrc-again', third);
    expect(third.lines).toContain('ok Installing dependencies: reused cached dependencies');
  });

  it('installs one new set of dependencies three times at once without a race', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(async (n) => gradeProject(await project(`race-${marker}`, '2.1.3'), `race-${n}`)),
    );
    for (const result of results) {
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ status: 'pass', score: 100 });
      expect(result.appLog).toContain('ms 2.1.3');
    }
  });

  it("serves a cache hit read-only at the app's own node_modules, in a subfolder too, copying nothing", async () => {
    // Where the app finds its dependencies, whether it can write there, and whether it is a mount.
    const probe = [
      "const fs = require('fs');",
      "const modules = require('path').join(__dirname, 'node_modules');",
      "let writable = 'yes'; try { fs.writeFileSync(modules + '/x', 'x'); } catch (e) { writable = e.code; }",
      "const mounted = fs.readFileSync('/proc/mounts', 'utf8').split('\\n').some((l) => l.split(' ')[1] === modules);",
      "console.log(`deps ${fs.realpathSync(require.resolve('ms'))} writable=${writable} mounted=${mounted}`);",
      "require('./server.js');",
    ].join('\n');
    const inSubfolder = async () => {
      const app = await project(`linked-${marker}`, '2.1.3', { 'start.js': probe });
      const root = await mkdtemp(join(tmpdir(), 'backlab-cache-'));
      await mkdir(join(root, 'api'));
      await rename(app, join(root, 'api', 'app'));
      return root;
    };
    const missed = recordingProgress();
    const first = await gradeProject(await inSubfolder(), 'linked-1', missed, 'api/app');
    expect(missed.lines).toContain('ok Installing dependencies: installed with npm ci');
    expect(first.appLog).toContain('deps /app/api/app/node_modules/ms/index.js writable=EROFS mounted=false');
    const hit = recordingProgress();
    const second = await gradeProject(await inSubfolder(), 'linked-2', hit, 'api/app');
    expect(hit.lines).toContain('ok Installing dependencies: reused cached dependencies');
    expect(second).toMatchObject({ status: 'pass', score: 100 });
    // The same paths and realpaths as a copy, but the published tree itself, bound read-only.
    expect(second.appLog).toContain('deps /app/api/app/node_modules/ms/index.js writable=EROFS mounted=true');
  });

  it('installs again when a cache volume exists without a published tree, and places the code', async () => {
    const caches = async () =>
      new Set((await docker.listVolumes({ [LABEL.lifetime]: 'cache' })).map((v) => v.name));
    const before = await caches();
    await gradeProject(await project(`empty-cache-${marker}`, '2.1.3'), 'empty-cache-1');
    const made = [...(await caches())].filter((name) => !before.has(name));
    expect(made).toHaveLength(1);
    // What an install interrupted before it published, or one still running elsewhere, leaves.
    execFileSync('docker', [
      'run',
      '--rm',
      '-u',
      '0',
      '-v',
      `${made[0]}:/c`,
      IMAGE.node,
      'rm',
      '-rf',
      '/c/tree',
    ]);
    // The first attempt, a restore with the code alongside, finds nothing: the install that
    // follows (in a new app volume) must publish a tree, and the code must still be placed.
    const progress = recordingProgress();
    const again = await gradeProject(
      await project(`empty-cache-${marker}`, '2.1.3'),
      'empty-cache-2',
      progress,
    );
    expect(progress.lines).toContain('ok Installing dependencies: installed with npm ci');
    expect(again).toMatchObject({ status: 'pass', score: 100 });
    expect(again.appLog).toContain('ms 2.1.3');
  });
});
