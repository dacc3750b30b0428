import { cp, readdir } from 'node:fs/promises';
import { join, posix, relative, resolve } from 'node:path';
import { InfraError, UserError } from '../../common/errors';
import { ALWAYS_EXCLUDED } from '../../docker/archive';
import { findLab, type Lab } from '../../lab';
import { localRunLine } from '../../runtimes/local-run';
import type { LearnerReferences } from '../../lab/learner-references';
import { Environment, type ServiceSpec } from '../../services/environment';
import { servicesToStart } from '../../grading/service-specs';
import { EXIT, type CliContext } from '../cli-context';
import { START_DOCKER } from '../connect-docker';
import { PENDING, pendingSettings, writeDotEnv } from '../dot-env';
import { LAB_COPY_DIR, refreshLabCopy } from '../lab-copy';
import { readState, STATE_DIR, writeState } from '../workspace-state';
import { runsLabAppForDevelopment, startLabAppForDevelopment } from './dev-lab-app';
import { ensureImages } from './ensure-images';

export interface StartOptions {
  lab: string;
  dir?: string;
  json: boolean;
}

/**
 * `backlab start <lab> [dir]`: the starter code in the folder (unless it already has code), a
 * fresh read-only copy of the brief, database files and visible tests in .backlab/lab, the lab's
 * services running for development with ports on 127.0.0.1, and their settings in .env.
 */
export async function start(ctx: CliContext, opts: StartOptions): Promise<number> {
  const lab = await findLab(ctx.labsDir, opts.lab, ctx.cwd);
  const folder = resolve(ctx.cwd, opts.dir ?? `my-${lab.id}`);
  const existing = await readState(folder);
  if (existing?.devRunId) {
    throw new UserError(
      `${folder} already has a running environment for ${existing.lab}`,
      `Run \`backlab stop\` in it first, or \`backlab status\` to see it.`,
    );
  }
  const scaffolded = await scaffold(lab, folder);
  const references = await refreshLabCopy(lab, folder);
  // nginx in front of an app that runs on the host cannot resolve it: development starts the
  // databases, and nginx only where the lab brings the app too (dev-lab-app.ts).
  const { beforeApp: specs, afterApp } = servicesToStart(lab, folder);
  const createdAt = existing?.createdAt ?? new Date().toISOString();
  const docker = await ctx.docker().catch(async (err: unknown) => {
    if (!(err instanceof InfraError)) throw err;
    throw await startWithoutDocker(
      ctx,
      { lab, labArg: opts.lab, folder, scaffolded, specs, createdAt, json: opts.json },
      err,
    );
  });
  await ensureImages(ctx, docker);

  const env = await Environment.create(
    { docker, progress: ctx.progress },
    { workspace: folder, lifetime: 'dev', internal: false },
  );
  try {
    await env.startServices(specs);
    if (runsLabAppForDevelopment(lab))
      await startLabAppForDevelopment(ctx, docker, env, lab, folder, afterApp);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  const settings = { PORT: String(appPort(lab)), ...env.appEnv('published') };
  await writeDotEnv(folder, settings);
  const services = env.list().flatMap((s) => (s.published ? [{ kind: s.kind, ...s.published }] : []));
  await writeState(folder, { ...labOf(ctx, lab), devRunId: env.runId, services, createdAt });

  const started = { lab: lab.id, folder, scaffolded, runId: env.runId, services, env: settings };
  if (opts.json) {
    const labCopy = { dir: join(folder, LAB_COPY_DIR), ...references };
    ctx.out(JSON.stringify({ ...started, labCopy }, null, 2));
  } else {
    const run = await localRunLine(folder, appPort(lab), lab.app?.start);
    ctx.out(nextSteps(lab, relative(ctx.cwd, folder) || '.', scaffolded, references, services, run));
  }
  return EXIT.ok;
}

function appPort(lab: Lab): number {
  return lab.app?.port ?? 3000;
}

interface PendingStart {
  lab: Lab;
  /** The lab as the learner named it, for the command to run again. */
  labArg: string;
  folder: string;
  scaffolded: boolean;
  specs: ServiceSpec[];
  createdAt: string;
  json: boolean;
}

/**
 * Docker is not there: the starter code and the lab's files are in place, so the folder gets a
 * .env of placeholders (the app can be started, `node --env-file=.env` needs the file) and its
 * state, and the error says how to finish. Run again with Docker, `start` replaces them.
 */
async function startWithoutDocker(ctx: CliContext, p: PendingStart, err: InfraError): Promise<InfraError> {
  const shown = relative(ctx.cwd, p.folder) || '.';
  const again = `backlab start ${p.labArg} ${shown}`;
  const pending = pendingSettings(p.specs);
  const note = Object.keys(pending).length
    ? [
        `${PENDING} stands for settings of services that do not run yet: Docker was not reachable.`,
        `Once it runs, \`${again}\` (from ${ctx.cwd}) writes their values here.`,
      ]
    : [];
  await writeDotEnv(p.folder, { PORT: String(appPort(p.lab)), ...pending }, note);
  await writeState(p.folder, { ...labOf(ctx, p.lab), createdAt: p.createdAt });
  if (!p.json) {
    const code = p.scaffolded ? `Starter code in ${shown}` : `Kept the code in ${shown}`;
    ctx.out(`✔ ${code}; placeholder settings in ${join(shown, '.env')}, until the services run`);
  }
  return new InfraError(
    `${err.message.replace(/\.$/, '')}: the lab's services are not started.`,
    `${START_DOCKER} Then run \`${again}\` again: it starts them and writes their settings to ${join(shown, '.env')}; your code stays.`,
  );
}

/** The lab as the folder's state records it: its id, and its folder when not the catalogue's. */
function labOf(ctx: CliContext, lab: Lab): { lab: string; labDir?: string } {
  const inCatalog = resolve(lab.dir) === resolve(ctx.labsDir, lab.id);
  return inCatalog ? { lab: lab.id } : { lab: lab.id, labDir: resolve(lab.dir) };
}

function nextSteps(
  lab: Lab,
  shown: string,
  scaffolded: boolean,
  references: LearnerReferences,
  services: Array<{ kind: string; host: string; port: number }>,
  run: string,
): string {
  const nginx = services.find((s) => s.kind === 'nginx');
  return [
    scaffolded
      ? `✔ Starter code in ${shown}, connection settings in ${join(shown, '.env')}`
      : `✔ Kept the code in ${shown}; connection settings in ${join(shown, '.env')}`,
    labCopyLine(references, shown),
    ...(nginx
      ? [
          `  nginx serves your configuration at http://${nginx.host}:${nginx.port}/, in front of the lab's app;`,
          '  `backlab test` reloads it first (after `nginx -t`), `backlab logs nginx` shows its log.',
        ]
      : []),
    nextLine(lab, shown, run),
    '        then `backlab test` to grade it, `backlab hint` when stuck, `backlab stop` when done.',
  ].join('\n');
}

/** `run`: how the app in the folder is run on this machine (local-run.ts). */
function nextLine(lab: Lab, shown: string, run: string): string {
  // Only an app the learner writes is theirs to install and run; SQL and nginx labs have none.
  if (lab.app?.source.from !== 'submission') return `  Next: cd ${shown}`;
  if (lab.app.kind === 'tests') {
    return `  Next: cd ${shown} && npm install, then write your tests (the brief says how to run them locally)`;
  }
  return `  Next: cd ${shown} && ${run}`;
}

/** Where the brief is, and which of the files it mentions are beside it. */
function labCopyLine(refs: LearnerReferences, shownFolder: string): string {
  const dir = join(shownFolder, LAB_COPY_DIR);
  const testDirs = [...new Set(refs.suites.map((suite) => `${posix.dirname(suite)}/`))];
  const beside = [...refs.db, ...(testDirs.length ? [`the visible tests (${testDirs.join(', ')})`] : [])];
  if (!refs.brief) return `  Lab files, read-only, in ${dir}: ${beside.join(', ') || 'none'}`;
  return `  Brief: ${join(dir, refs.brief)}${beside.length ? `; beside it, read-only: ${beside.join(', ')}` : ''}`;
}

/** Copies the starter unless the folder already has files of its own. */
async function scaffold(lab: Lab, folder: string): Promise<boolean> {
  const present = await readdir(folder).catch(() => [] as string[]);
  if (present.some((name) => name !== STATE_DIR && name !== '.env')) return false;
  await cp(lab.starterDir, folder, {
    recursive: true,
    filter: (source) => !ALWAYS_EXCLUDED.some((skip) => source.split(/[\\/]/).includes(skip)),
  });
  return true;
}
