import { chmod } from 'node:fs/promises';
import type { DockerClient } from '../../../runner/docker/docker-client';
import { pythonPackageSource } from '../../../runner/runtimes/python-package-source';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-pip-source-');

/** A Docker whose one-off containers print what pip in the image says its default index is. */
function imageSaying(output: string) {
  const created: string[] = [];
  const docker = {
    createContainer: async (spec: { image: string }) => {
      created.push(spec.image);
      return `c${created.length}`;
    },
    startContainer: async () => undefined,
    waitContainer: async () => 0,
    logs: async () => output,
    removeContainer: async () => undefined,
  } as unknown as DockerClient;
  return { docker, created };
}

const request = (docker: DockerClient, image = 'backlab/python') => ({
  docker,
  runId: 'r1',
  labels: {},
  image,
});

describe("the grader's Python package source, in pip's own settings", () => {
  it("uses pip's default index, and the host of its files, as the image's pip names them, once per image", async () => {
    const { docker, created } = imageSaying('https://index.example.test/simple\nfiles.example.test\n');
    const source = await pythonPackageSource(request(docker), {});
    expect(source).toEqual({
      index: new URL('https://index.example.test/simple'),
      fileHosts: ['files.example.test'],
      folder: undefined,
      description: 'the package index https://index.example.test/simple',
    });
    await pythonPackageSource(request(docker), {});
    expect(created).toEqual(['backlab/python']);
  });

  it('takes PIP_INDEX_URL as the index, PIP_FIND_LINKS as a folder, and PIP_NO_INDEX as no index', async () => {
    const { docker, created } = imageSaying('');
    const folder = await folders.make();
    await chmod(folder, 0o755);
    const env = {
      PIP_INDEX_URL: 'http://mirror.example.test:3141/root/pypi/+simple/',
      PIP_FIND_LINKS: folder,
    };
    expect(await pythonPackageSource(request(docker), env)).toMatchObject({
      index: new URL(env.PIP_INDEX_URL),
      fileHosts: [],
      folder,
      description: `the package index ${env.PIP_INDEX_URL} and the folder ${folder}`,
    });
    expect(await pythonPackageSource(request(docker), { PIP_FIND_LINKS: folder })).toMatchObject({
      index: undefined,
      description: `the folder ${folder}`,
    });
    expect(await pythonPackageSource(request(docker), { ...env, PIP_NO_INDEX: '1' })).toMatchObject({
      index: undefined,
      folder,
    });
    expect(await pythonPackageSource(request(docker), { PIP_NO_INDEX: 'true' })).toBeUndefined();
    expect(created).toEqual([]);
  });

  it('names the setting and what to do when it is wrong', async () => {
    const { docker } = imageSaying('');
    const folder = await folders.make();
    await chmod(folder, 0o700);
    await expect(
      pythonPackageSource(request(docker), { PIP_INDEX_URL: 'file:///srv/wheels' }),
    ).rejects.toThrow('PIP_INDEX_URL must be an http(s) URL, not file://');
    await expect(pythonPackageSource(request(docker), { PIP_FIND_LINKS: 'wheels' })).rejects.toThrow(
      'PIP_FIND_LINKS is not an absolute path: wheels',
    );
    await expect(pythonPackageSource(request(docker), { PIP_FIND_LINKS: `${folder}/none` })).rejects.toThrow(
      'PIP_FIND_LINKS is not a folder',
    );
    await expect(pythonPackageSource(request(docker), { PIP_FIND_LINKS: folder })).rejects.toThrow(
      "cannot be read by the sandbox's learner account",
    );
  });
});
