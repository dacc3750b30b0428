import type Docker from 'dockerode';
import type { ContainerSpec, Mount } from './docker-client';

/** A ContainerSpec as the engine's create options. */
export function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
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
      LogConfig: spec.logMaxBytes ? cappedLog(spec.logMaxBytes) : undefined,
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

export function toEnvList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/**
 * A json-file log of at most `maxBytes` on disk, in two files of half that each. With one file,
 * rotation empties the log: a crash trace on stderr, which Docker logs before the stdout still in
 * the pipe, is lost when that stdout crosses the cap. With two, the trace survives until half
 * the cap has followed it.
 */
function cappedLog(maxBytes: number): { Type: string; Config: Record<string, string> } {
  const perFile = Math.max(Math.floor(maxBytes / 2), 1024);
  return { Type: 'json-file', Config: { 'max-size': String(perFile), 'max-file': '2' } };
}
