import type { DockerClient, Labels, ResourceInfo } from '../../runner/docker/docker-client';

type Kind = 'container' | 'network' | 'volume';

/**
 * An in-memory Docker with labelled objects, for unit tests of code that finds and removes them.
 * Only listing and removal are real here; everything else throws so a test cannot rely on it by accident.
 */
export class FakeDocker {
  readonly objects = new Map<string, { kind: Kind; info: ResourceInfo }>();
  readonly removed: string[] = [];

  add(kind: Kind, name: string, labels: Labels): this {
    this.objects.set(name, { kind, info: { id: name, name, labels } });
    return this;
  }

  client(): DockerClient {
    const list = (kind: Kind) => async (filter: Labels) =>
      [...this.objects.values()]
        .filter(
          (o) =>
            o.kind === kind &&
            Object.entries(filter).every(
              ([k, v]) => k in o.info.labels && (v === '' || o.info.labels[k] === v),
            ),
        )
        .map((o) => o.info);
    const remove = async (id: string) => {
      this.objects.delete(id);
      this.removed.push(id);
    };
    const unsupported = () => {
      throw new Error('not supported by FakeDocker');
    };
    return new Proxy(
      {
        listContainers: list('container'),
        listNetworks: list('network'),
        listVolumes: list('volume'),
        removeContainer: remove,
        removeNetwork: remove,
        removeVolume: remove,
      } as Partial<DockerClient>,
      {
        get: (target, prop: string) => (target as Record<string, unknown>)[prop] ?? unsupported,
      },
    ) as DockerClient;
  }
}
