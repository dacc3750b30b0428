import Docker from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';
import { InfraError } from '../common/errors';
import { toCreateOptions, toEnvList } from './container-options';
import * as images from './dockerode-images';
import { ignoreMissing, statusOf } from './dockerode-status';
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
  NetworkSpec,
  ResourceInfo,
  VolumeInfo,
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
    try {
      await ignoreMissing(() => this.docker.getVolume(name).remove({ force: true }));
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      throw new InfraError(`volume ${name} is in use by a container; it can be removed once that stops`);
    }
  }

  async listVolumes(labels: Labels): Promise<ResourceInfo[]> {
    const result = await this.docker.listVolumes({ filters: { label: labelFilters(labels) } });
    return (result.Volumes ?? []).map((v) => ({ id: v.Name, name: v.Name, labels: v.Labels ?? {} }));
  }

  async inspectVolume(name: string): Promise<VolumeInfo | undefined> {
    try {
      const v = await this.docker.getVolume(name).inspect();
      return { name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint, options: v.Options ?? {} };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
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

  async pathExists(id: string, path: string): Promise<boolean> {
    try {
      // A HEAD answered as a stream: left unread, its socket would keep the process alive.
      const response = (await this.docker.getContainer(id).infoArchive({ path })) as NodeJS.ReadableStream;
      response.resume();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
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

  inspectImage(ref: string): Promise<ImageInfo | undefined> {
    return images.inspectImage(this.docker, ref);
  }

  buildImage(context: Readable, opts: BuildOptions, onOutput: (line: string) => void): Promise<void> {
    return images.buildImage(this.docker, context, opts, onOutput);
  }

  importImage(rootfs: Readable, ref: string, onOutput: (line: string) => void): Promise<void> {
    return images.importImage(this.docker, rootfs, ref, onOutput);
  }

  pullImage(ref: string, onOutput: (line: string) => void): Promise<boolean> {
    return images.pullImage(this.docker, ref, onOutput);
  }

  tagImage(source: string, ref: string): Promise<void> {
    return images.tagImage(this.docker, source, ref);
  }

  removeImage(ref: string): Promise<void> {
    return images.removeImage(this.docker, ref);
  }
}

function labelFilters(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`));
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
