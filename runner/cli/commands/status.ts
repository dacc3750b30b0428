import { InfraError } from '../../common/errors';
import { findLab } from '../../lab';
import { findDevServices, type DevService } from '../../services/dev-environment';
import { EXIT, type CliContext } from '../cli-context';
import { existingFolder } from '../lab-folder';
import { readRemoteConfig } from '../remote/remote-settings';
import { refreshSubmissions, type RefreshedSubmissions } from '../remote/refresh-submissions';
import { keepSubmissionRecords, readSubmissionRecords } from '../remote/submission-records';
import {
  readHistory,
  readState,
  requireState,
  type HistoryEntry,
  type WorkspaceState,
} from '../workspace-state';

export interface StatusOptions {
  dir?: string;
  /** Show the folder against this lab: its grades and submissions only. */
  lab?: string;
  /** For asking the server the state of submissions; the config file's token otherwise. */
  token?: string;
  json: boolean;
}

/** How many of the latest grades and of the latest submissions are shown. */
const SHOWN = 5;

interface Services {
  list: DevService[];
  /** Why the services could not be looked at (Docker is not reachable). */
  unknown?: string;
}

/** `backlab status`: the lab, its services, the latest grades and the latest submissions to a server. */
export async function status(ctx: CliContext, opts: StatusOptions): Promise<number> {
  const folder = await existingFolder(ctx, opts.dir);
  const state = await readState(folder);
  const lab = opts.lab
    ? (await findLab(ctx.labsDir, opts.lab, ctx.cwd)).id
    : (await requireState(folder, 'pass --lab <lab>')).lab;
  const services = await servicesOf(ctx, state);
  const history = (await readHistory(folder)).filter((h) => !opts.lab || gradedAgainst(h, state, lab));
  const submissions = await latestSubmissions(folder, opts.lab ? lab : undefined, opts.token);
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        {
          lab,
          folder,
          runId: state?.devRunId ?? null,
          services: services.list,
          ...(services.unknown ? { servicesUnknown: services.unknown } : {}),
          history,
          submissions: submissions.records,
          unreachable: submissions.unreachable,
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  const lines = [
    `Lab ${lab} in ${folder}`,
    ...serviceLines(state, services),
    ...gradeLines(history),
    ...submissionLines(submissions, lab),
  ];
  ctx.out(lines.join('\n'));
  return EXIT.ok;
}

async function servicesOf(ctx: CliContext, state: WorkspaceState | undefined): Promise<Services> {
  if (!state?.devRunId) return { list: [] };
  try {
    return { list: await findDevServices(await ctx.docker(), state.devRunId) };
  } catch (err) {
    if (err instanceof InfraError) return { list: [], unknown: err.message };
    throw err;
  }
}

/** Entries of histories older than the lab field were graded against the recorded lab. */
function gradedAgainst(entry: HistoryEntry, state: WorkspaceState | undefined, lab: string): boolean {
  const graded = entry.lab ?? state?.lab;
  return graded === undefined || graded === lab;
}

/** The latest submissions of the folder, as their servers tell them now when they answer. */
async function latestSubmissions(
  folder: string,
  lab: string | undefined,
  token: string | undefined,
): Promise<RefreshedSubmissions> {
  const kept = (await readSubmissionRecords(folder)).filter((r) => !lab || r.lab === lab).slice(-SHOWN);
  if (!kept.length) return { records: [], unreachable: [] };
  const refreshed = await refreshSubmissions(kept, token || (await readRemoteConfig()).token);
  const fresh = refreshed.records.filter((r) => r.fresh).map(({ fresh: _fresh, ...record }) => record);
  if (fresh.length) await keepSubmissionRecords(folder, fresh);
  return refreshed;
}

function serviceLines(state: WorkspaceState | undefined, services: Services): string[] {
  if (!state) return ['Services: none (`backlab start` was not run in this folder)'];
  if (!state.devRunId) return ['Services: stopped (run `backlab start` to start them again)'];
  if (services.unknown) return [`Services: unknown, ${services.unknown}`];
  return services.list.map((s) => {
    const ports = Object.entries(s.ports)
      .map(([inner, outer]) => `127.0.0.1:${outer} → ${inner}`)
      .join(', ');
    return `  ${s.name.padEnd(8)} ${s.running ? 'running' : 'STOPPED'}  ${ports}`.trimEnd();
  });
}

function gradeLines(history: HistoryEntry[]): string[] {
  const recent = history.slice(-SHOWN);
  if (!recent.length) return [];
  return [
    'Recent grades:',
    ...recent.map(
      (h) => `  #${h.run} ${h.kind.padEnd(6)} ${h.status.padEnd(5)} ${h.score}/${h.maxScore}  ${h.at}`,
    ),
  ];
}

/** Per server: one line when it did not answer, then its submissions in their last known state. */
function submissionLines(submissions: RefreshedSubmissions, lab: string): string[] {
  const servers = [...new Set(submissions.records.map((r) => r.server))];
  return servers.flatMap((server) => {
    const unreachable = submissions.unreachable.find((u) => u.server === server);
    return [
      `Submissions to ${server}:`,
      ...(unreachable ? [`  ⚠ ${unreachable.error}; showing the last known states`] : []),
      ...submissions.records
        .filter((r) => r.server === server)
        .map((r) => {
          const outcome = r.resultStatus
            ? `${r.resultStatus.padEnd(5)} ${r.score}/${r.maxScore}`
            : (r.error ?? '');
          const otherLab = r.lab === lab ? '' : `  (${r.lab})`;
          return `  ${r.id}  ${r.status.padEnd(7)} ${outcome.padEnd(12)} submitted ${r.submittedAt}${otherLab}`;
        }),
    ];
  });
}
