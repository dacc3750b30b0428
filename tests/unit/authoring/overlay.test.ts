import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { materialiseOverlay } from '../../../runner/authoring/overlay';

const root = mkdtempSync(path.join(tmpdir(), 'backlab-overlay-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('materialiseOverlay', () => {
  const base = folder('solution', {
    'package.json': '{"name":"app"}',
    'lib/users.js': 'safe',
    'lib/rate-limit.js': 'limits',
    'node_modules/express/index.js': 'installed',
  });

  test('lays the overlay over a copy of the base, without its description file or node_modules', async () => {
    const overlay = folder('no-rate-limit', {
      'expected.json': '{}',
      'lib/users.js': 'unsafe',
      'lib/extra.js': 'new',
    });
    const made = await materialiseOverlay({ base, overlay, skip: ['expected.json'] });
    try {
      expect(read(made.dir, 'lib/users.js')).toBe('unsafe');
      expect(read(made.dir, 'lib/extra.js')).toBe('new');
      expect(read(made.dir, 'lib/rate-limit.js')).toBe('limits');
      expect(existsSync(path.join(made.dir, 'expected.json'))).toBe(false);
      expect(existsSync(path.join(made.dir, 'node_modules'))).toBe(false);
      expect(read(base, 'lib/users.js')).toBe('safe');
    } finally {
      await made.dispose();
    }
    expect(existsSync(made.dir)).toBe(false);
  });

  test('removes the listed paths after the overlay', async () => {
    const overlay = folder('no-limit-file', { 'expected.json': '{}' });
    const made = await materialiseOverlay({
      base,
      overlay,
      skip: ['expected.json'],
      remove: ['lib/rate-limit.js'],
    });
    try {
      expect(existsSync(path.join(made.dir, 'lib/rate-limit.js'))).toBe(false);
      expect(existsSync(path.join(made.dir, 'lib/users.js'))).toBe(true);
    } finally {
      await made.dispose();
    }
  });

  test('without a base the overlay is the whole folder; skip only applies to its top level', async () => {
    const overlay = folder('complete', {
      'expected.json': '{}',
      'package.json': '{}',
      'data/expected.json': 'kept',
    });
    const made = await materialiseOverlay({ overlay, skip: ['expected.json'] });
    try {
      expect(read(made.dir, 'package.json')).toBe('{}');
      expect(read(made.dir, 'data/expected.json')).toBe('kept');
      expect(existsSync(path.join(made.dir, 'lib'))).toBe(false);
    } finally {
      await made.dispose();
    }
  });

  test('refuses to remove a path outside the folder, and leaves nothing behind', async () => {
    const overlay = folder('escape', { 'expected.json': '{}' });
    const outside = folder('outside', { 'keep.txt': 'keep' });
    await expect(
      materialiseOverlay({ base, overlay, skip: [], remove: ['../outside/keep.txt'] }),
    ).rejects.toThrow('cannot remove "../outside/keep.txt": not a path inside the submission');
    expect(read(outside, 'keep.txt')).toBe('keep');
  });
});
