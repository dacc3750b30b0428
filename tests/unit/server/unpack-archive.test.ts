import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unpackArchive } from '../../../runner/server/uploads/unpack-archive';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../../runner/server/uploads/upload-limits';
import { UploadRejected } from '../../../runner/server/uploads/upload-rejected';
import { tarGz, zip, type TarEntry } from './archive-builders';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'backlab-unpack-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function saved(bytes: Buffer, name = 'upload'): Promise<string> {
  const file = join(work, name);
  await writeFile(file, bytes);
  return file;
}

async function rejection(
  file: string,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  into?: string,
): Promise<UploadRejected> {
  const err = await unpackArchive(file, { limits, into }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UploadRejected)) throw new Error(`expected an UploadRejected, got ${String(err)}`);
  return err;
}

const project: TarEntry[] = [
  { name: 'package.json', content: '{"name":"app"}' },
  { name: 'src/', type: 'directory' },
  { name: 'src/server.js', content: 'console.log(1)', mode: 0o755 },
  { name: 'node_modules/express/index.js', content: 'x'.repeat(1000) },
  { name: '.git/HEAD', content: 'ref: refs/heads/main' },
];

describe('unpackArchive', () => {
  it('writes the files of a .tar.gz and skips node_modules and .git', async () => {
    const into = join(work, 'out');
    await mkdir(into);
    const report = await unpackArchive(await saved(await tarGz(project)), {
      limits: DEFAULT_UPLOAD_LIMITS,
      into,
    });
    expect(report).toEqual({ format: 'tar.gz', files: 2, folders: 1, bytes: 28, ignored: 2 });
    expect((await readdir(into)).sort()).toEqual(['package.json', 'src']);
    expect(await readFile(join(into, 'src/server.js'), 'utf8')).toBe('console.log(1)');
    expect((await stat(join(into, 'src/server.js'))).mode & 0o111).not.toBe(0);
  });

  it('only checks when no folder is given', async () => {
    const report = await unpackArchive(await saved(await tarGz(project)), { limits: DEFAULT_UPLOAD_LIMITS });
    expect(report.files).toBe(2);
    expect(await readdir(work)).toEqual(['upload']);
  });

  it('reads a zip the same way', async () => {
    const into = join(work, 'out');
    await mkdir(into);
    const file = await saved(
      zip([
        { name: 'app/' },
        { name: 'app/index.js', content: 'hello' },
        { name: 'node_modules/x.js', content: 'y' },
      ]),
    );
    const report = await unpackArchive(file, { limits: DEFAULT_UPLOAD_LIMITS, into });
    expect(report).toMatchObject({ format: 'zip', files: 1, folders: 1, bytes: 5, ignored: 1 });
    expect(await readFile(join(into, 'app/index.js'), 'utf8')).toBe('hello');
  });

  it.each<[string, TarEntry]>([
    ['symbolic link', { name: 'link', type: 'symlink', linkname: '/etc/passwd' }],
    ['hard link', { name: 'hard', type: 'link', linkname: 'package.json' }],
    ['character device', { name: 'dev', type: 'character-device' }],
    ['named pipe', { name: 'pipe', type: 'fifo' }],
  ])('refuses a %s in a .tar.gz and names it', async (description, entry) => {
    const err = await rejection(await saved(await tarGz([{ name: 'package.json', content: '{}' }, entry])));
    expect(err.status).toBe(422);
    expect(err.entry).toBe(entry.name);
    expect(err.message).toContain(description);
  });

  it.each([
    ['/etc/cron.d/x', 'absolute path'],
    ['../outside.js', '".."'],
    ['src/../../outside.js', '".."'],
    ['C:/Windows/x', 'absolute path'],
    ['src\\win.js', 'backslash'],
  ])('refuses the path %s', async (name, why) => {
    const err = await rejection(await saved(await tarGz([{ name, content: 'x' }])));
    expect(err.status).toBe(422);
    expect(err.entry).toBe(name);
    expect(err.message).toContain(why);
  });

  it('accepts the "./" entries that `tar czf project.tar.gz .` writes', async () => {
    const into = join(work, 'out');
    await mkdir(into);
    const file = await saved(
      await tarGz([
        { name: './', type: 'directory' },
        { name: '.', type: 'directory' },
        { name: './package.json', content: '{}' },
        { name: './src/', type: 'directory' },
        { name: './src/server.js', content: 'x' },
      ]),
    );
    const report = await unpackArchive(file, { limits: DEFAULT_UPLOAD_LIMITS, into });
    expect(report).toMatchObject({ files: 2, folders: 1 });
    expect((await readdir(into)).sort()).toEqual(['package.json', 'src']);
  });

  it.each<[string, TarEntry]>([
    ['".." after "./"', { name: './../outside.js', content: 'x' }],
    ['a link under "./"', { name: './db', type: 'symlink', linkname: '/var/run/docker.sock' }],
    ['"./" as a file', { name: './', content: 'x' }],
  ])('still refuses %s', async (_what, entry) => {
    const err = await rejection(await saved(await tarGz([{ name: './', type: 'directory' }, entry])));
    expect(err).toMatchObject({ status: 422, entry: entry.name });
  });

  it('refuses a name over 255 bytes and a path over PATH_MAX, naming the entry', async () => {
    // 130 two-byte characters: 260 bytes, so the limit is counted in bytes.
    const longName = `src/${'é'.repeat(130)}.js`;
    const name = await rejection(await saved(await tarGz([{ name: longName, content: 'x' }])));
    expect(name).toMatchObject({ status: 422, entry: longName });
    expect(name.message).toContain('a name of 263 bytes');
    expect(name.message).toContain('at most 255 bytes');

    const deep = `${Array.from({ length: 17 }, (_, i) => String(i).padEnd(250, 'd')).join('/')}/f.js`;
    const path = await rejection(await saved(await tarGz([{ name: deep, content: 'x' }])));
    expect(path).toMatchObject({ status: 422, entry: deep });
    expect(path.message).toMatch(
      /has a path of 4271 bytes; the server can unpack paths of at most 4095 bytes/,
    );

    // Unpacking counts the folder written into against the same limit.
    const into = join(work, 'out');
    await mkdir(into);
    const fits = `${'a'.repeat(200)}/${'b'.repeat(200)}`;
    const room = 4095 - Buffer.byteLength(into) - 1;
    const tooDeep = `${'c/'.repeat(Math.floor((room - fits.length) / 2) + 1)}${fits}`;
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxPathDepth: 4096 };
    const file = await saved(await tarGz([{ name: tooDeep, content: 'x' }]));
    expect((await unpackArchive(file, { limits })).files).toBe(1);
    expect(await rejection(file, limits, into)).toMatchObject({ entry: tooDeep });
    expect(await readdir(into)).toEqual([]);
  });

  it('never writes outside the folder: a link followed by a file through it is refused at the link', async () => {
    const into = join(work, 'out');
    await mkdir(into);
    const file = await saved(
      await tarGz([
        { name: 'escape', type: 'symlink', linkname: work },
        { name: 'escape/pwned.txt', content: 'x' },
      ]),
    );
    const err = await rejection(file, DEFAULT_UPLOAD_LIMITS, into);
    expect(err.entry).toBe('escape');
    expect(await readdir(work)).toEqual(['out', 'upload']);
    expect(await readdir(into)).toEqual([]);
  });

  it('refuses a symbolic link, a "..", and an encrypted entry in a zip', async () => {
    const link = await rejection(
      await saved(zip([{ name: 'link', content: '/etc/passwd', unixMode: 0o120777 }])),
    );
    expect(link.message).toContain('"link" is a symbolic link');
    const up = await rejection(await saved(zip([{ name: '../evil.js', content: 'x' }])));
    expect(up.status).toBe(422);
    expect(up.message).toContain('../evil.js');
    const locked = await rejection(await saved(zip([{ name: 'secret.js', content: 'x', encrypted: true }])));
    expect(locked.message).toContain('encrypted');
  });

  it('refuses duplicate entries and file/folder clashes, even when only checking', async () => {
    const twice = await rejection(
      await saved(
        await tarGz([
          { name: 'a.js', content: '1' },
          { name: 'a.js', content: '2' },
        ]),
      ),
    );
    expect(twice.message).toContain('appears twice');
    const clash = await rejection(
      await saved(
        await tarGz([
          { name: 'a', content: '1' },
          { name: 'a/b.js', content: '2' },
        ]),
      ),
    );
    expect(clash.message).toContain('already has a file');
  });

  it('enforces the entry count, unpacked size and path depth limits', async () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxEntries: 2, maxUnpackedBytes: 10, maxPathDepth: 3 };
    const many = await rejection(
      await saved(await tarGz([{ name: 'a' }, { name: 'b' }, { name: 'c' }])),
      limits,
    );
    expect(many).toMatchObject({ status: 413, entry: 'c' });
    const big = await rejection(
      await saved(await tarGz([{ name: 'big.txt', content: 'x'.repeat(11) }])),
      limits,
    );
    expect(big).toMatchObject({ status: 413, entry: 'big.txt' });
    const deep = await rejection(await saved(await tarGz([{ name: 'a/b/c/d.js', content: '' }])), limits);
    expect(deep).toMatchObject({ status: 422, entry: 'a/b/c/d.js' });
    expect(deep.message).toContain('4 folders deep; the limit is 3');
  });

  it('stops a gzip bomb hidden in node_modules', async () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxUnpackedBytes: 1024, maxEntries: 10 };
    const bomb = await tarGz([{ name: 'node_modules/zeros.bin', content: Buffer.alloc(1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(2048);
    const err = await rejection(await saved(bomb), limits);
    expect(err.status).toBe(413);
    expect(err.message).toContain('unpacks to more than 24576 bytes');
  });

  it('says what to do with something that is not an archive, or a broken one', async () => {
    const text = await rejection(await saved(Buffer.from('hello world')));
    expect(text.status).toBe(415);
    const broken = await rejection(
      await saved(gzipSync(Buffer.from('not a tar at all, just text'.repeat(40)))),
    );
    expect(broken.status).toBe(422);
    expect(broken.message).toContain('could not be read');
  });
});
