import { errorMessage } from '../common/errors';
import type { DockerClient } from '../docker/docker-client';

/**
 * Absolute path of the image's own node: the app's PATH starts with its node_modules/.bin, where a
 * learner could put a `node` that answers whatever the probe wants to hear.
 */
const NODE = '/usr/local/bin/node';
/** The image's own cat, not one the app's PATH (node_modules/.bin first) could supply. */
export const CAT = '/bin/cat';

export interface HealthTarget {
  port: number;
  address: string;
  http?: { method: string; path: string };
  timeoutMs?: number;
}

/** Status code as text, or "ERR reason" when no HTTP answer came (TCP only: "200" when it connects). */
export async function httpStatus(docker: DockerClient, id: string, target: HealthTarget): Promise<string> {
  const ms = target.timeoutMs ?? 2000;
  // node:http rather than fetch: loading undici costs the probe more than the request.
  const script = target.http
    ? `const r=require('http').request(${JSON.stringify(`http://${target.address}:${target.port}${target.http.path}`)},{method:${JSON.stringify(target.http.method)}},s=>{process.stdout.write(String(s.statusCode));process.exit(0)});setTimeout(()=>{process.stdout.write('ERR timeout');process.exit(0)},${ms});r.on('error',e=>{process.stdout.write('ERR '+(e.code||e.message));process.exit(0)});r.end()`
    : `const s=require('net').connect(${target.port},${JSON.stringify(target.address)},()=>{process.stdout.write('200');process.exit(0)});s.on('error',e=>{process.stdout.write('ERR '+e.code);process.exit(0)});setTimeout(()=>{process.stdout.write('ERR timeout');process.exit(0)},${ms})`;
  // No NODE_OPTIONS: nothing of the app's may be preloaded into the probe.
  const result = await docker.exec(id, [NODE, '-e', script], { env: { NODE_OPTIONS: '' } });
  return result.stdout.trim() || `ERR ${result.stderr.trim().split('\n')[0]}`;
}

/**
 * Why a running app no longer answers, or undefined when it does: it reached its process limit
 * (a fork loop: even the probe cannot start), or its health check got no answer in time (a busy
 * loop, a handler that never ends).
 */
export async function unresponsiveReason(
  docker: DockerClient,
  id: string,
  target: HealthTarget,
  pidsLimit: number,
): Promise<string | undefined> {
  let counts: string;
  let answer: string;
  try {
    counts = (await docker.exec(id, [CAT, '/sys/fs/cgroup/pids/pids.current'])).stdout.trim();
    if (Number(counts) >= pidsLimit) return pidsReason(pidsLimit);
    answer = await httpStatus(docker, id, { ...target, timeoutMs: 3000 });
  } catch (err) {
    // A probe that cannot even start in a running container: the app has taken what it needs.
    const message = errorMessage(err);
    if (FORK_FAILED.test(message)) return pidsReason(pidsLimit);
    return `your app stopped answering: a probe could not run beside it (${message.split('\n')[0]})`;
  }
  if (FORK_FAILED.test(answer)) return pidsReason(pidsLimit);
  if (!answer.startsWith('ERR')) return undefined;
  const what = target.http
    ? `${target.http.method} ${target.http.path}`
    : `a connection to port ${target.port}`;
  return `your app stopped answering: ${what} got no answer within 3 s (${answer.slice(4)})`;
}

const FORK_FAILED = /resource temporarily unavailable|cannot fork|fork: retry|EAGAIN/i;

function pidsReason(limit: number): string {
  return `your app stopped answering: it reached its limit of ${limit} processes (a fork loop?)`;
}

/** CPU time the container has used, in seconds (cgroup v1 or v2), or undefined when unreadable. */
export async function cpuSeconds(docker: DockerClient, id: string): Promise<number | undefined> {
  const result = await docker
    .exec(id, [CAT, '/sys/fs/cgroup/cpuacct/cpuacct.usage', '/sys/fs/cgroup/cpu.stat'])
    .catch(() => undefined);
  const text = result?.stdout ?? '';
  const v1 = /^(\d+)$/m.exec(text);
  if (v1) return Number(v1[1]) / 1e9;
  const v2 = /^usage_usec (\d+)$/m.exec(text);
  return v2 ? Number(v2[1]) / 1e6 : undefined;
}

/**
 * Whether the app is still working at start-up (compiling TypeScript, building caches): it used
 * at least a quarter of a CPU over the last second. On a loaded machine such an app needs more
 * wall time than the readiness limit; one that idles is waiting for something that never comes.
 */
export async function busyStarting(docker: DockerClient, id: string): Promise<boolean> {
  const before = await cpuSeconds(docker, id);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = await cpuSeconds(docker, id);
  return before !== undefined && after !== undefined && after - before >= 0.25;
}
