import Docker from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';
import { InfraError } from '../common/errors';
import { demuxBuffer, dockerSince, TimedLines } from './log-stream';
import type {
  BuildOptions,
  ContainerSpec,
  ContainerState,
  DockerClient,
  ExecOptions,
  ExecResult,
  FollowOptions,
  ImageInfo,
  Labels,
  LogLine,
  Mount,
  NetworkSpec,
  ResourceInfo,
} from './docker-client';

/** The real DockerClient. `docker` is injectable so a different transport (modem) can be used. */
export class DockerodeClient implements DockerClient {
  constructor(private readonly docker: Docker = new Docker()) {}

  async ping(): Promise<void> {
    await this.docker.ping();
  }

  async version(): Promise<{ version: string; apiVersion: string }> {
    const v = await this.docker.version();
    return { version: v.Version, apiVersion: v.ApiVersion };
  }

  async createNetwork(spec: NetworkSpec): Promise<string> {
    const network = await this.docker.createNetwork({
      Name: spec.name,
      Labels: spec.labels,
      Internal: spec.internal,
      CheckDuplicate: true,
      Driver: 'bridge',
      // An internal network's bridge would still get the gateway address on the host, and the
      // host accepts connections from it (to anything listening on 0.0.0.0). Without an address
      // on the bridge the containers reach each other and nothing of the host, nor other runs.
      ...(spec.internal ? { Options: { 'com.docker.network.bridge.inhibit_ipv4': 'true' } } : {}),
    });
    return network.id;
  }

  async removeNetwork(id: string): Promise<void> {
    await ignoreMissing(() => this.docker.getNetwork(id).remove());
  }

  async listNetworks(labels: Labels): Promise<ResourceInfo[]> {
    const networks = await this.docker.listNetworks({ filters: { label: labelFilters(labels) } });
    return networks.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
  }

  async createVolume(name: string, labels: Labels): Promise<void> {
    await this.docker.createVolume({ Name: name, Labels: labels });
  }

  async removeVolume(name: string): Promise<void> {
    await ignoreMissing(() => this.docker.getVolume(name).remove({ force: true }));
  }

  async listVolumes(labels: Labels): Promise<ResourceInfo[]> {
    const result = await this.docker.listVolumes({ filters: { label: labelFilters(labels) } });
    return (result.Volumes ?? []).map((v) => ({ id: v.Name, name: v.Name, labels: v.Labels ?? {} }));
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const container = await this.docker.createContainer(toCreateOptions(spec));
    // Engines before API 1.44 take one network at create; the others are connected before start.
    try {
      for (const network of spec.extraNetworks ?? [])
        await this.docker.getNetwork(network).connect({ Container: container.id });
    } catch (err) {
      await this.removeContainer(container.id).catch(() => undefined);
      throw err;
    }
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
  }

  async putArchive(id: string, path: string, tar: Readable | Buffer): Promise<void> {
    await this.docker.getContainer(id).putArchive(tar, { path });
  }

  async inspectContainer(id: string): Promise<ContainerState> {
    const info = await this.docker.getContainer(id).inspect();
    const ports: Record<number, number> = {};
    for (const [key, bindings] of Object.entries(info.NetworkSettings.Ports ?? {})) {
      const hostPort = bindings?.find((b) => b.HostIp === '127.0.0.1')?.HostPort;
      if (hostPort) ports[parseInt(key, 10)] = parseInt(hostPort, 10);
    }
    const addresses: Record<string, string> = {};
    for (const [name, net] of Object.entries(info.NetworkSettings.Networks ?? {})) {
      if (net.IPAddress) addresses[name] = net.IPAddress;
    }
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      running: info.State.Running,
      exitCode: info.State.ExitCode,
      oomKilled: info.State.OOMKilled,
      ports,
      addresses,
      labels: info.Config.Labels ?? {},
    };
  }

  async waitContainer(id: string): Promise<number> {
    const result = (await this.docker.getContainer(id).wait()) as { StatusCode: number };
    return result.StatusCode;
  }

  async exec(id: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const exec = await this.docker.getContainer(id).exec({
      Cmd: cmd,
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: opts.stdin !== undefined,
      User: opts.user,
      Env: opts.env ? toEnvList(opts.env) : undefined,
    });
    const stream = await exec.start({ hijack: true, stdin: opts.stdin !== undefined });
    const stdout = new Collector();
    const stderr = new Collector();
    this.docker.modem.demuxStream(stream, stdout, stderr);
    if (opts.stdin !== undefined) {
      stream.end(opts.stdin);
    }
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, stdout: stdout.text(), stderr: stderr.text() };
  }

  async logs(id: string, tail = 50, streams: 'both' | 'stderr' = 'both'): Promise<string> {
    // Docker applies `tail` to the log before it filters by stream: the last lines of stderr are
    // asked as all of stderr (every log backlab makes is capped to a few MiB) and cut here.
    const buffer = (await this.docker.getContainer(id).logs({
      stdout: streams === 'both',
      stderr: true,
      tail: streams === 'both' ? tail : Number.MAX_SAFE_INTEGER,
      follow: false,
    })) as unknown as Buffer;
    const text = demuxBuffer(buffer);
    return streams === 'both'
      ? text
      : text
          .split('\n')
          .slice(-tail - 1)
          .join('\n');
  }

  async followLogs(id: string, onLine: (line: LogLine) => void, opts: FollowOptions = {}): Promise<void> {
    const since = opts.since ? dockerSince(opts.since) : undefined;
    const stream = (await this.docker.getContainer(id).logs({
      stdout: true,
      stderr: true,
      follow: true,
      timestamps: true,
      ...(since ? { since } : {}),
    })) as unknown as Readable;
    const lines = new TimedLines(onLine);
    const stop = () => stream.destroy();
    if (opts.signal?.aborted) stop();
    opts.signal?.addEventListener('abort', stop);
    stream.on('data', (chunk: Buffer) => lines.push(chunk));
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    opts.signal?.removeEventListener('abort', stop);
    lines.flush();
  }

  async stopContainer(id: string, timeoutSeconds = 5): Promise<void> {
    await ignoreMissing(() => this.docker.getContainer(id).stop({ t: timeoutSeconds }), [304]);
  }

  async removeContainer(id: string): Promise<void> {
    await ignoreMissing(() => this.docker.getContainer(id).remove({ force: true, v: true }), [409]);
  }

  async listContainers(labels: Labels): Promise<ResourceInfo[]> {
    const containers = await this.docker.listContainers({
      all: true,
      filters: { label: labelFilters(labels) },
    });
    return containers.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      labels: c.Labels,
    }));
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    try {
      const info = await this.docker.getImage(ref).inspect();
      return { id: info.Id, labels: info.Config?.Labels ?? {}, sizeBytes: info.Size };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async buildImage(context: Readable, opts: BuildOptions, onOutput: (line: string) => void): Promise<void> {
    const stream = await this.docker.buildImage(context, {
      t: opts.tag,
      buildargs: opts.buildArgs,
      labels: opts.labels,
      rm: true,
      forcerm: true,
    });
    await this.followProgress(stream, onOutput, `build of ${opts.tag}`);
  }

  async importImage(rootfs: Readable, ref: string, onOutput: (line: string) => void): Promise<void> {
    const [repo, tag = 'latest'] = ref.split(':');
    const stream = await this.docker.importImage(rootfs, { repo, tag });
    await this.followProgress(stream, onOutput, `import of ${ref}`);
  }

  async pullImage(ref: string, onOutput: (line: string) => void): Promise<boolean> {
    try {
      const stream = await this.docker.pull(ref);
      await this.followProgress(stream, onOutput, `pull of ${ref}`);
      return true;
    } catch (err) {
      onOutput(`pull of ${ref} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      return false;
    }
  }

  async tagImage(source: string, ref: string): Promise<void> {
    const [repo, tag = 'latest'] = ref.split(':');
    await this.docker.getImage(source).tag({ repo, tag });
  }

  async removeImage(ref: string): Promise<void> {
    await ignoreMissing(() => this.docker.getImage(ref).remove({ force: true }));
  }

  /** Docker reports build/pull failures inside the stream, not as an HTTP error; surface them. */
  private followProgress(stream: NodeJS.ReadableStream, onOutput: (line: string) => void, what: string) {
    return new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null, events: Array<{ error?: string }>) => {
          const failed = err?.message ?? events.find((e) => e.error)?.error;
          if (failed) reject(new InfraError(`${what} failed: ${failed.trim()}`));
          else resolve();
        },
        (event: { stream?: string; status?: string; progress?: string; error?: string }) => {
          const text =
            event.stream ?? event.error ?? [event.status, event.progress].filter(Boolean).join(' ');
          for (const line of text.split('\n')) if (line.trim()) onOutput(line.trimEnd());
        },
      );
    });
  }
}

function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of spec.publish ?? []) {
    exposed[`${port}/tcp`] = {};
    // Host port "" lets Docker choose; binding only 127.0.0.1 keeps services off other interfaces.
    bindings[`${port}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: '' }];
  }
  const memory = spec.limits?.memoryBytes;
  return {
    name: spec.name,
    Image: spec.image,
    Labels: spec.labels,
    Cmd: spec.cmd,
    Entrypoint: spec.entrypoint,
    Env: spec.env ? toEnvList(spec.env) : undefined,
    WorkingDir: spec.workingDir,
    User: spec.user,
    ExposedPorts: exposed,
    HostConfig: {
      NetworkMode: spec.network?.name,
      PortBindings: bindings,
      Mounts: (spec.mounts ?? [])
        .filter((m) => m.type !== 'tmpfs')
        .map((m) => ({
          Type: m.type,
          Source: m.source ?? '',
          Target: m.target,
          ReadOnly: m.readOnly ?? false,
        })) as Docker.MountSettings[],
      // tmpfs through HostConfig.Tmpfs: its mount options (mode, uid, exec) work on every engine,
      // where Mounts' TmpfsOptions ignores the mode on older ones and takes Options only from API 1.46.
      Tmpfs: tmpfsMounts(spec.mounts ?? []),
      Memory: memory,
      // Memory and memory+swap equal: the process cannot escape its limit into swap.
      MemorySwap: memory,
      NanoCpus: spec.limits?.cpus ? Math.round(spec.limits.cpus * 1e9) : undefined,
      PidsLimit: spec.limits?.pids,
      ReadonlyRootfs: spec.hardened ?? false,
      CapDrop: spec.hardened ? ['ALL'] : undefined,
      SecurityOpt: spec.hardened ? ['no-new-privileges'] : undefined,
      LogConfig: spec.logMaxBytes
        ? { Type: 'json-file', Config: { 'max-size': String(spec.logMaxBytes), 'max-file': '1' } }
        : undefined,
      Runtime: spec.runtime,
      DnsOptions: spec.dnsOptions,
      Init: true,
    },
    // Docker's default bridge takes no aliases; user-defined networks do.
    NetworkingConfig: spec.network?.aliases.length
      ? { EndpointsConfig: { [spec.network.name]: { Aliases: spec.network.aliases } } }
      : undefined,
  };
}

function tmpfsMounts(mounts: Mount[]): Record<string, string> | undefined {
  const tmpfs = mounts.filter((m) => m.type === 'tmpfs');
  if (!tmpfs.length) return undefined;
  return Object.fromEntries(
    tmpfs.map((m) => [
      m.target,
      [...(m.sizeBytes ? [`size=${m.sizeBytes}`] : []), ...(m.tmpfsOptions ?? [])].join(','),
    ]),
  );
}

function toEnvList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

function labelFilters(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`));
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

async function ignoreMissing(action: () => Promise<unknown>, alsoIgnore: number[] = []): Promise<void> {
  try {
    await action();
  } catch (err) {
    const status = statusOf(err);
    if (status === 404 || (status !== undefined && alsoIgnore.includes(status))) return;
    throw err;
  }
}

class Collector extends PassThrough {
  private readonly chunks: Buffer[] = [];
  constructor() {
    super();
    this.on('data', (c: Buffer) => this.chunks.push(c));
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
