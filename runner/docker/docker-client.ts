import type { Readable } from 'node:stream';

/**
 * The only face of Docker the rest of backlab sees. Small on purpose: unit tests pass plain fakes,
 * and the real implementation (dockerode-client.ts) is the one place that knows dockerode.
 */
export interface DockerClient {
  ping(): Promise<void>;
  version(): Promise<{ version: string; apiVersion: string }>;

  createNetwork(spec: NetworkSpec): Promise<string>;
  removeNetwork(id: string): Promise<void>;
  listNetworks(labels: Labels): Promise<ResourceInfo[]>;

  createVolume(name: string, labels: Labels): Promise<void>;
  removeVolume(name: string): Promise<void>;
  listVolumes(labels: Labels): Promise<ResourceInfo[]>;
  /** Where the engine keeps a volume's files, or undefined when there is no such volume. */
  inspectVolume(name: string): Promise<VolumeInfo | undefined>;

  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Extracts a tar stream into `path` of a created (not necessarily started) container. */
  putArchive(id: string, path: string, tar: Readable | Buffer): Promise<void>;
  /** Whether `path` exists in a created (not necessarily started) container, mounts included. */
  pathExists(id: string, path: string): Promise<boolean>;
  inspectContainer(id: string): Promise<ContainerState>;
  /** Waits for the container to exit and returns its exit code. */
  waitContainer(id: string): Promise<number>;
  exec(id: string, cmd: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** The last `tail` lines of stdout and stderr, interleaved (or of stderr alone), as text. */
  logs(id: string, tail?: number, streams?: 'both' | 'stderr'): Promise<string>;
  /**
   * Follows the log until the container stops, `signal` aborts, or Docker ends the stream (it may
   * when it rotates a log filling faster than it is read); lines arrive through `onLine`.
   */
  followLogs(id: string, onLine: (line: LogLine) => void, opts?: FollowOptions): Promise<void>;
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  /** Force-removes the container and its anonymous volumes; a missing container is not an error. */
  removeContainer(id: string): Promise<void>;
  listContainers(labels: Labels): Promise<ResourceInfo[]>;

  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  /** Builds from a tar of the build context; build output lines go to `onOutput`. */
  buildImage(context: Readable, opts: BuildOptions, onOutput: (line: string) => void): Promise<void>;
  /** Imports a root filesystem tar as an image (docker import). */
  importImage(rootfs: Readable, ref: string, onOutput: (line: string) => void): Promise<void>;
  /** Tries to pull; resolves false (not throws) when no registry can provide it. */
  pullImage(ref: string, onOutput: (line: string) => void): Promise<boolean>;
  tagImage(source: string, ref: string): Promise<void>;
  removeImage(ref: string): Promise<void>;
}

export type Labels = Record<string, string>;

export interface VolumeInfo {
  name: string;
  driver: string;
  /** The volume's folder on the engine's machine (paths of binds are read there too). */
  mountpoint: string;
  /** Driver options: a local volume with options is a mount of something else (NFS, a device). */
  options: Record<string, string>;
}

export interface NetworkSpec {
  name: string;
  labels: Labels;
  /**
   * No route out of the network: containers reach only each other, not the host (its bridge has no
   * address) and not other networks. Docker then publishes no ports.
   */
  internal: boolean;
}

export interface Mount {
  /** A host path (bind), a named volume, or a tmpfs. */
  type: 'bind' | 'volume' | 'tmpfs';
  source?: string;
  target: string;
  readOnly?: boolean;
  /** tmpfs only: size in bytes. */
  sizeBytes?: number;
  /** tmpfs only: mount options such as "exec" or "mode=1777". */
  tmpfsOptions?: string[];
}

export interface ContainerLimits {
  memoryBytes?: number;
  /** Whole CPUs, may be fractional. */
  cpus?: number;
  pids?: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  labels: Labels;
  cmd?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  workingDir?: string;
  user?: string;
  /** The network to join and the names other containers use to reach this one. */
  network?: { name: string; aliases: string[] };
  /** Networks joined as well, before start, without aliases: a gateway between two networks. */
  extraNetworks?: string[];
  /** Resolver options (resolv.conf), e.g. "timeout:1" so lookups that cannot succeed fail fast. */
  dnsOptions?: string[];
  /** Container port → publish on 127.0.0.1 with a Docker-chosen host port. */
  publish?: number[];
  mounts?: Mount[];
  limits?: ContainerLimits;
  /** Hardening for untrusted code: no capabilities, no-new-privileges, read-only root. */
  hardened?: boolean;
  /** Cap on the json-file log, so a chatty app cannot fill the disk. */
  logMaxBytes?: number;
  /** Extra Docker runtime, e.g. "runsc" (gVisor), when the machine has it. */
  runtime?: string;
}

export interface ContainerState {
  id: string;
  name: string;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  /** Container port → host port on 127.0.0.1, for published ports. */
  ports: Record<number, number>;
  /** Network name → the container's IP address on it. */
  addresses: Record<string, string>;
  labels: Labels;
}

/** One line of a container's log and the time Docker logged it. */
export interface LogLine {
  text: string;
  /** RFC 3339 in UTC with nanoseconds, fixed width ("2026-11-21T09:30:00.120000000Z"): comparable as text. */
  time: string;
}

export interface FollowOptions {
  /** Only the lines logged at this time (a LogLine's) or later. */
  since?: string;
  /** Ends the follow early. */
  signal?: AbortSignal;
}

export interface ExecOptions {
  user?: string;
  env?: Record<string, string>;
  /** Written to the command's standard input, then closed. */
  stdin?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ResourceInfo {
  id: string;
  name: string;
  labels: Labels;
}

export interface ImageInfo {
  id: string;
  labels: Labels;
  sizeBytes: number;
}

export interface BuildOptions {
  tag: string;
  buildArgs?: Record<string, string>;
  labels?: Labels;
}
