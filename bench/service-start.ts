/**
 * How long backlab takes to give a lab a ready MySQL, against a baseline measured in the same run:
 * a bare `docker run` of the same image, polled with the same query until it answers.
 * Prints medians and the ratio; run with `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { DockerodeClient } from '../runner/docker/dockerode-client';
import { IMAGE } from '../runner/docker/images/catalog';
import { silentProgress } from '../runner/common/progress';
import { Environment } from '../runner/services/environment';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Baseline: docker run + docker exec polling, no backlab code in the way. */
function bareDockerRun(): number {
  const started = Date.now();
  const name = `backlab-bench-${process.pid}-${started}`;
  execFileSync(
    'docker',
    [
      'run',
      '-d',
      '--rm',
      '--name',
      name,
      '--label',
      'backlab=1',
      '--tmpfs',
      '/var/lib/mysql',
      '-e',
      'BACKLAB_DB_NAME=app',
      '-e',
      'BACKLAB_DB_USER=lab',
      '-e',
      'BACKLAB_DB_PASSWORD=pw',
      '-e',
      'BACKLAB_ROOT_PASSWORD=rootpw',
      IMAGE.mariadb,
    ],
    { stdio: 'ignore' },
  );
  try {
    for (;;) {
      try {
        execFileSync(
          'docker',
          [
            'exec',
            '-e',
            'MYSQL_PWD=pw',
            name,
            'mariadb',
            '--protocol=TCP',
            '-h',
            '127.0.0.1',
            '-u',
            'lab',
            'app',
            '-e',
            'SELECT 1',
          ],
          { stdio: 'ignore' },
        );
        return Date.now() - started;
      } catch {
        // not ready yet
      }
    }
  } finally {
    execFileSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
  }
}

async function backlabEnvironment(docker: DockerodeClient): Promise<number> {
  const started = Date.now();
  const env = await Environment.create(
    { docker, progress: silentProgress },
    { workspace: 'bench', lifetime: 'run', internal: true },
  );
  try {
    await env.startServices([{ kind: 'mysql', options: { database: 'app', initScripts: [] } }]);
    return Date.now() - started;
  } finally {
    await env.teardown();
  }
}

async function main(): Promise<void> {
  const docker = new DockerodeClient();
  const baseline: number[] = [];
  const ours: number[] = [];
  bareDockerRun(); // warm-up: page cache, image layers
  for (let i = 0; i < RUNS; i++) {
    baseline.push(bareDockerRun());
    ours.push(await backlabEnvironment(docker));
  }
  const b = median(baseline);
  const o = median(ours);
  console.log(`MySQL ready, median of ${RUNS} runs`);
  console.log(
    `  bare docker run + poll (baseline)   ${b} ms   [${Math.min(...baseline)}–${Math.max(...baseline)}]`,
  );
  console.log(`  backlab environment (network+MySQL) ${o} ms   [${Math.min(...ours)}–${Math.max(...ours)}]`);
  console.log(`  ratio backlab / baseline            ${(o / b).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
