import { Option, type Command } from 'commander';
import { SKIPPABLE_CHECKS, type SkippableCheck } from '../../authoring/skippable-checks';
import { REPORT_FORMATS, type ReportFormat } from '../../grading/reporters/report-formats';
import { appDirOption, jsonOption, type RegisterCommands } from './shared-options';

/** The instructor's commands: grading folders, the submission server, and lab authoring. */
export const registerInstructorCommands: RegisterCommands = (program, ctx, run) => {
  program
    .command('grade')
    .description('grade folders of learner code against a lab (instructors)')
    .argument('<lab>', 'lab id or folder')
    .argument('<folders...>', 'submission folders')
    .addOption(
      new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('terminal'),
    )
    .option('--json', 'same as --format json')
    .option('--hidden', 'also run the hidden tests')
    .option(
      '-o, --output <path>',
      'write the report to this file, or into this folder (one that exists, or a path ending in /; always a folder when grading several)',
    )
    .addOption(appDirOption())
    .option('--all', 'terminal format: report every stage, not only up to the first one that does not pass')
    .option('--verbose', "terminal format: print every failed test's message in full, not only the first")
    .action((lab, folders, o) =>
      run(async () =>
        (await import('./grade')).grade(ctx, {
          lab,
          folders,
          format: (o.json ? 'json' : o.format) as ReportFormat,
          hidden: !!o.hidden,
          output: o.output,
          appDir: o.appDir,
          all: !!o.all,
          verbose: !!o.verbose,
        }),
      ),
    );
  registerServe(program, ctx, run);
  registerAuthoring(program, ctx, run);
};

/** `backlab serve`, `backlab serve token create` and `backlab worker`. */
const registerServe: RegisterCommands = (program, ctx, run) => {
  const serveCommand = program
    .command('serve')
    .description('run the submission server: API, grading workers and dashboard')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--data <folder>', 'database and uploads (default: BACKLAB_DATA or ./backlab-data)')
    .option('-w, --workers <n>', 'grades run at the same time', '1')
    .option('--max-upload <size>', 'largest upload, compressed (default 10m)')
    .option('--max-files <n>', 'most files and folders in an upload (default 2000)')
    .option('--max-unpacked <size>', 'largest upload, unpacked (default 50m)')
    .option('--max-depth <n>', 'deepest path in an upload (default 20)')
    .option('--rate <n/time>', 'submissions per learner per time (default 10/10m)')
    .option('--max-queue <n>', 'queued submissions before uploads get 503', '200')
    .option('--lease <time>', "how long a worker's claim on a job lasts without renewal", '30s')
    .option('--runtime <name>', 'Docker runtime for learner apps, e.g. runsc')
    .option('--queue <url>', 'scale-out: BullMQ on this Redis, redis://… (or BACKLAB_QUEUE_URL)')
    .option('--store <url>', 'scale-out: submissions in this PostgreSQL, postgres://… (or BACKLAB_STORE_URL)')
    .addHelpText(
      'after',
      '\nScale-out: with --queue and --store, --data is the shared storage of archives, --workers may be 0,\nand `backlab worker` processes on other machines grade. See docs/server.md.',
    )
    .action((o) => run(async () => (await import('./serve')).serve(ctx, o)));
  program
    .command('worker')
    .description("grade a scale-out server's submissions on this machine's Docker engine")
    .option('--queue <url>', 'the Redis of the server, redis://… (or BACKLAB_QUEUE_URL)')
    .option('--store <url>', 'the PostgreSQL of the server, postgres://… (or BACKLAB_STORE_URL)')
    .option(
      '--data <folder>',
      "the server's shared data folder, where archives are (default: BACKLAB_DATA or ./backlab-data)",
    )
    .option('-w, --workers <n>', 'grades run at the same time', '1')
    .option('--lease <time>', 'how long the claim on a job lasts without renewal (as the server)', '30s')
    .option('--runtime <name>', 'Docker runtime for learner apps, e.g. runsc')
    .option('--max-files <n>', 'most files and folders to unpack from an upload (default 2000)')
    .option('--max-unpacked <size>', 'largest upload, unpacked (default 50m)')
    .option('--max-depth <n>', 'deepest path in an upload (default 20)')
    .action((o) => run(async () => (await import('./worker')).worker(ctx, o)));
  serveCommand
    .command('token')
    .description('manage access tokens of the server')
    .command('create')
    .description('create a token for a learner (or, with --instructor, an instructor) and print it once')
    .argument('<name>', 'learner name, e.g. ada or ada@example.edu')
    .option('--data <folder>', 'the server data folder (default: BACKLAB_DATA or ./backlab-data)')
    .option('--store <url>', 'scale-out: the PostgreSQL of the server (or BACKLAB_STORE_URL)')
    .option('--instructor', 'an instructor account instead of a learner')
    .addOption(jsonOption())
    // `serve` has a --data of its own, which commander gives to it wherever it is written.
    .action((name, o, command: Command) =>
      run(async () =>
        (await import('./serve')).serveTokenCreate(ctx, {
          name,
          data: command.optsWithGlobals().data,
          store: command.optsWithGlobals().store,
          instructor: !!o.instructor,
          json: !!o.json,
        }),
      ),
    );
};

/** Lab authoring: `new` and `validate`. */
const registerAuthoring: RegisterCommands = (program, ctx, run) => {
  program
    .command('new')
    .description('create a lab from a template (instructors)')
    .argument('[id]', 'id of the new lab, which also names its folder')
    .option('-t, --template <name>', 'template to start from (see --list)')
    .option('--title <title>', "the lab's title (default: made from the id)")
    .option('--dir <folder>', 'folder to create the lab in', 'labs')
    .option('--list', 'list the templates')
    .addOption(jsonOption())
    .action((id, o) =>
      run(async () =>
        (await import('./new')).newLab(ctx, {
          id,
          template: o.template,
          title: o.title,
          dir: o.dir,
          list: !!o.list,
          json: !!o.json,
        }),
      ),
    );
  program
    .command('validate')
    .description(
      'check a lab for publication: manifest, solution, starter, known answers, mutations (instructors)',
    )
    .argument('<lab>', 'lab id or folder')
    .option('--runs <n>', 'grade the solution this many times to find flaky tests (default 3)', (v) =>
      Number(v),
    )
    .option('--quick', 'one solution run and no mutation check')
    .addOption(new Option('--skip <check...>', 'leave checks out').choices(SKIPPABLE_CHECKS))
    .addOption(jsonOption())
    .action((lab, o) =>
      run(async () =>
        (await import('./validate')).validate(ctx, {
          lab,
          runs: o.runs,
          quick: !!o.quick,
          skip: (o.skip ?? []) as SkippableCheck[],
          json: !!o.json,
        }),
      ),
    );
};
