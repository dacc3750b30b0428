import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeContentKey,
  readContextFiles,
  type ContextFile,
} from '../../../runner/docker/images/content-key';

const file = (path: string, content: string): ContextFile => ({ path, content: Buffer.from(content) });
const files = [file('Dockerfile', 'FROM base\n'), file('start.sh', 'echo hi\n')];
const baseKey = computeContentKey({ files, baseImageId: 'sha256:base1' });

describe('computeContentKey', () => {
  it('is a sha256 that does not depend on the order files are listed in', () => {
    expect(baseKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(computeContentKey({ files: [...files].reverse(), baseImageId: 'sha256:base1' })).toBe(baseKey);
  });

  it('changes when a file content, a file name, the base image or an extra changes', () => {
    const variants = [
      computeContentKey({ files: [files[0], file('start.sh', 'echo bye\n')], baseImageId: 'sha256:base1' }),
      computeContentKey({ files: [files[0], file('run.sh', 'echo hi\n')], baseImageId: 'sha256:base1' }),
      computeContentKey({ files: [...files, file('extra.cnf', '')], baseImageId: 'sha256:base1' }),
      computeContentKey({ files, baseImageId: 'sha256:base2' }),
      computeContentKey({ files, baseImageId: 'sha256:base1', extras: ['node v20.0.0'] }),
    ];
    expect(new Set([baseKey, ...variants]).size).toBe(variants.length + 1);
  });

  it('keeps names and contents apart (moving bytes from one to the other changes the key)', () => {
    const a = computeContentKey({ files: [file('ab', 'c')], baseImageId: 'x' });
    const b = computeContentKey({ files: [file('a', 'bc')], baseImageId: 'x' });
    expect(a).not.toBe(b);
  });
});

describe('readContextFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'backlab-key-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads nested files with forward-slash paths, sorted', async () => {
    await mkdir(join(dir, 'conf'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM x\n');
    await writeFile(join(dir, 'conf', 'site.conf'), 'server {}\n');
    const read = await readContextFiles(dir);
    expect(read.map((f) => f.path)).toEqual(['Dockerfile', 'conf/site.conf']);
    expect(read[1].content.toString()).toBe('server {}\n');
  });

  it('gives a new key when a file in the folder is edited', async () => {
    await writeFile(join(dir, 'Dockerfile'), 'FROM x\n');
    const before = computeContentKey({ files: await readContextFiles(dir), baseImageId: 'b' });
    await writeFile(join(dir, 'Dockerfile'), 'FROM x\nRUN true\n');
    const after = computeContentKey({ files: await readContextFiles(dir), baseImageId: 'b' });
    expect(after).not.toBe(before);
  });
});
