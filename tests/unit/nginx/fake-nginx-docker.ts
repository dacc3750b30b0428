import type {
  ContainerSpec,
  ContainerState,
  DockerClient,
  ExecResult,
} from '../../../runner/docker/docker-client';

/**
 * A Docker that runs one pretend nginx container: it either serves (answers the HTTP probe) or
 * stops at once the way a rejected configuration does, printing `testOutput`.
 */
export class FakeNginxDocker {
  spec?: ContainerSpec;
  readonly archives: { path: string; tar: Buffer }[] = [];
  readonly removed: string[] = [];

  constructor(private readonly behaviour: { rejects: false } | { rejects: true; testOutput: string }) {}

  client(): DockerClient {
    const id = 'nginx-1';
    const state = (): ContainerState => ({
      id,
      name: this.spec?.name ?? id,
      running: !this.behaviour.rejects,
      exitCode: this.behaviour.rejects ? 78 : 0,
      oomKilled: false,
      ports: {},
      addresses: {},
      labels: this.spec?.labels ?? {},
    });
    const client: Partial<DockerClient> = {
      createContainer: async (spec) => {
        this.spec = spec;
        return id;
      },
      putArchive: async (_id, path, tar) => {
        this.archives.push({ path, tar: tar as Buffer });
      },
      startContainer: async () => {},
      inspectContainer: async () => state(),
      exec: async (): Promise<ExecResult> => ({ exitCode: 0, stdout: 'HTTP/1.1 200', stderr: '' }),
      logs: async () => (this.behaviour.rejects ? this.behaviour.testOutput : ''),
      removeContainer: async (removedId) => {
        this.removed.push(removedId);
      },
    };
    return new Proxy(client, {
      get: (target, prop: string) =>
        (target as Record<string, unknown>)[prop] ??
        (() => {
          throw new Error(`FakeNginxDocker does not support ${prop}`);
        }),
    }) as DockerClient;
  }
}
