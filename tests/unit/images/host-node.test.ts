import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../../runner/common/errors';
import { locateHostNode } from '../../../runner/docker/images/host-node';

describe('locateHostNode', () => {
  let prefix: string;
  beforeEach(async () => {
    prefix = await mkdtemp(join(tmpdir(), 'backlab-node-test-'));
    await mkdir(join(prefix, 'bin'));
    await writeFile(join(prefix, 'bin', 'node'), '');
  });
  afterEach(async () => {
    await rm(prefix, { recursive: true, force: true });
  });

  async function installNpm(folder: string, name = 'npm') {
    await mkdir(join(folder, 'bin'), { recursive: true });
    await writeFile(join(folder, 'bin', 'npm-cli.js'), '');
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name, version: '10.9.8' }));
  }

  it('finds npm under <prefix>/lib/node_modules/npm', async () => {
    const npmFolder = join(prefix, 'lib', 'node_modules', 'npm');
    await installNpm(npmFolder);
    expect(locateHostNode(join(prefix, 'bin', 'node'))).toEqual({
      binary: join(prefix, 'bin', 'node'),
      npmFolder,
      npmVersion: '10.9.8',
    });
  });

  it("finds the install's C headers beside it, for node-gyp builds without downloads", async () => {
    const npmFolder = join(prefix, 'lib', 'node_modules', 'npm');
    await installNpm(npmFolder);
    await mkdir(join(prefix, 'include', 'node'), { recursive: true });
    await writeFile(join(prefix, 'include', 'node', 'node_version.h'), '#define NODE_MAJOR_VERSION 20\n');
    expect(locateHostNode(join(prefix, 'bin', 'node')).headersFolder).toBe(join(prefix, 'include', 'node'));
  });

  it('rejects a folder that is not the npm package and says where it looked', async () => {
    await installNpm(join(prefix, 'lib', 'node_modules', 'npm'), 'not-npm');
    expect(() => locateHostNode(join(prefix, 'bin', 'node'))).toThrow(UserError);
    expect(() => locateHostNode(join(prefix, 'bin', 'node'))).toThrow(
      join(prefix, 'lib', 'node_modules', 'npm'),
    );
  });

  it('finds the npm that runs these tests', () => {
    const found = locateHostNode();
    expect(found.binary).toBe(process.execPath);
    expect(found.npmVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});
