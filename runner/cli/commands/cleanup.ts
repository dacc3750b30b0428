import { sweepOrphans, type SweepReport } from '../../docker/cleanup';
import { errorMessage } from '../../common/errors';
import { LABEL } from '../../docker/labels';
import { EXIT, type CliContext } from '../cli-context';
import { plural, removedCounts } from '../../common/units';

export interface CleanupOptions {
  /** Also remove development environments of `backlab start`. */
  all: boolean;
  /** Also remove cached dependencies (they are rebuilt on the next grade). */
  cache: boolean;
  json: boolean;
}

/**
 * `backlab cleanup`: removes everything labelled by backlab whose owning process is gone, and the
 * temporary folders of such runs.
 */
export async function cleanup(ctx: CliContext, opts: CleanupOptions): Promise<number> {
  const docker = await ctx.docker();
  // Connecting already swept the runs of dead processes; this pass adds development ones with --all.
  const report = mergeReports(ctx.sweptOnConnect(), await sweepOrphans(docker, { includeDev: opts.all }));
  let caches = 0;
  if (opts.cache) {
    for (const volume of await docker.listVolumes({ [LABEL.lifetime]: 'cache' })) {
      // A grade's app running from a cached tree keeps that volume.
      const key = volume.labels[LABEL.depsKey];
      if (key && (await docker.listContainers({ [LABEL.depsKey]: key })).length > 0) {
        report.failures.push(`${volume.name}: in use by a running grade; it can be removed once that ends`);
        continue;
      }
      try {
        await docker.removeVolume(volume.name);
        caches++;
      } catch (err) {
        report.failures.push(`${volume.name}: ${errorMessage(err)}`);
      }
    }
  }
  if (opts.json) {
    ctx.out(JSON.stringify({ ...report, cacheVolumes: caches }, null, 2));
  } else {
    const removed = report.containers + report.networks + report.volumes + caches + report.folders;
    const folders = report.folders ? `, ${plural(report.folders, 'temporary folder')}` : '';
    ctx.out(
      removed
        ? `✔ Removed ${removedCounts({ ...report, volumes: report.volumes + caches })}${folders}${report.runs.length ? ` of ${plural(report.runs.length, 'run')}` : ''}.`
        : '✔ Nothing to clean up.',
    );
    for (const failure of report.failures) ctx.out(`✘ could not remove ${failure}`);
  }
  return report.failures.length ? EXIT.error : EXIT.ok;
}

function mergeReports(first: SweepReport | undefined, second: SweepReport): SweepReport {
  if (!first) return second;
  return {
    runs: [...first.runs, ...second.runs],
    containers: first.containers + second.containers,
    networks: first.networks + second.networks,
    volumes: first.volumes + second.volumes,
    folders: first.folders + second.folders,
    failures: [...first.failures, ...second.failures],
  };
}
