#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { packageVersion } from '../common/package-root';
import { ShutdownHooks } from '../common/shutdown';
import { REPORT_FORMATS, type ReportFormat } from '../grading/reporters';
import { defaultLabsDir } from '../lab';
import type { ImageName } from '../docker/images';
import { EXIT, type CliContext } from './cli-context';
import { lazyDocker } from './connect-docker';
import { cleanup } from './commands/cleanup';
import { hint, logs, reset, status, stop } from './commands/dev-commands';
import { doctor } from './commands/doctor';
import { grade } from './commands/grade';
import { imagesBuild, imagesStatus } from './commands/images';
import { info } from './commands/info';
import { list } from './commands/list';
import { start } from './commands/start';
import { test } from './commands/test';
import { serve, serveTokenCreate } from './commands/serve';
import { submitLocallyOrRemotely } from './commands/submit-remote';
import { newLab } from './commands/new';
import { validate } from './commands/validate';
import { SKIPPABLE_CHECKS, type SkippableCheck } from '../authoring';
import { shouldUseColor } from './output/color';
import { errorDocument, printError } from './output/print';
import { createTerminalProgress } from './output/terminal-progress';

/** The only place that reads argv, handles signals and exits. */
async function main(argv: string[]): Promise<number> {
  const hooks = new ShutdownHooks();
  installSignalHandlers(hooks);
  const progress = createTerminalProgress();
  const connection = lazyDocker(progress);
  const ctx: CliContext = {
    cwd: process.cwd(),
    labsDir: process.env.BACKLAB_LABS_DIR ?? defaultLabsDir(),
    docker: connection.docker,
    sweptOnConnect: connection.swept,
    progress,
    hooks,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    runtime: process.env.BACKLAB_RUNTIME || undefined,
    color: shouldUseColor(process.stdout.isTTY === true),
    width: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
  let exitCode: number = EXIT.ok;
  const run = (work: () => Promise<number>) => async () => {
    await connection.sweepIfReachable();
    exitCode = await work();
  };
  const json = new Option('--json', 'print a JSON document on stdout instead of text');
  const dir = new Option('-d, --dir <folder>', 'the lab folder (default: the current folder)');
  const all = new Option('--all', 'report every stage, not only up to the first one that does not pass');
  const verbose = new Option('--verbose', "print every failed test's message in full, not only the first");
  const appDir = new Option(
    '--app-dir <folder>',
    'the folder of the app to grade, inside the graded folder (default: lab.yaml app.path, else the only subfolder with a startable app)',
  );

  const program = new Command('backlab')
    .description('Hands-on back-end labs on real databases and servers, graded in Docker sandboxes.')
    .version(packageVersion())
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('list')
    .description('list the labs')
    .addOption(json)
    .action((o) => run(() => list(ctx, o))());
  program
    .command('info')
    .argument('<lab>', 'lab id or folder')
    .description("show a lab's stages and services")
    .addOption(json)
    .action((lab, o) => run(() => info(ctx, { lab, ...o }))());
  program
    .command('start')
    .description(
      'scaffold the starter code, copy the brief, database files and visible tests to .backlab/lab, and start the lab services for development',
    )
    .argument('<lab>', 'lab id or folder')
    .argument('[folder]', 'where your code goes (default: ./my-<lab>)')
    .addOption(json)
    .action((lab, folder, o) => run(() => start(ctx, { lab, dir: folder, json: !!o.json }))());
  program
    .command('test')
    .description('grade your folder with the visible tests, in a fresh sandbox')
    .addOption(dir)
    .option('--lab <lab>', 'grade against this lab instead of the one `start` recorded')
    .option('-s, --stage <id...>', 'only these stages')
    .addOption(appDir)
    .addOption(all)
    .addOption(verbose)
    .addOption(json)
    .action((o) => run(() => test(ctx, { ...o, all: !!o.all, verbose: !!o.verbose, json: !!o.json }))());
  program
    .command('submit')
    .description(
      'grade every stage and record the result in the folder history; with --server, submit to a backlab server',
    )
    .addOption(dir)
    .option('--lab <lab>', 'grade against this lab instead of the one `start` recorded')
    .option('--server <url>', 'submit to this backlab server (default: BACKLAB_SERVER, then the config file)')
    .option('--token <token>', 'your token on the server (default: BACKLAB_TOKEN, then the config file)')
    .addOption(appDir)
    .addOption(all)
    .addOption(verbose)
    .addOption(json)
    .action((o) =>
      run(() =>
        submitLocallyOrRemotely(ctx, {
          dir: o.dir,
          lab: o.lab,
          appDir: o.appDir,
          all: !!o.all,
          verbose: !!o.verbose,
          json: !!o.json,
          server: o.server ?? process.env.BACKLAB_SERVER,
          token: o.token ?? process.env.BACKLAB_TOKEN,
        }),
      )(),
    );
  program
    .command('status')
    .description('show the running services and recent grades')
    .addOption(dir)
    .addOption(json)
    .action((o) => run(() => status(ctx, { dir: o.dir, json: !!o.json }))());
  program
    .command('logs')
    .description('print a service log (mysql, nginx) or the app log of the latest grade')
    .argument('[target]', 'app or a service name', 'app')
    .option('-n, --lines <n>', 'how many lines of a service log', (v) => parseInt(v, 10), 100)
    .addOption(dir)
    .action((target, o) => run(() => logs(ctx, { dir: o.dir, target, lines: o.lines, json: false }))());
  program
    .command('hint')
    .description('show the hints of a stage (default: the first one not passed)')
    .argument('[stage]', 'stage id')
    .addOption(dir)
    .addOption(json)
    .action((stage, o) => run(() => hint(ctx, { dir: o.dir, stage, json: !!o.json }))());
  program
    .command('reset')
    .description("put the development databases back to the lab's initial state")
    .addOption(dir)
    .addOption(json)
    .action((o) => run(() => reset(ctx, { dir: o.dir, json: !!o.json }))());
  program
    .command('stop')
    .description('stop and remove the development services (your code stays)')
    .addOption(dir)
    .addOption(json)
    .action((o) => run(() => stop(ctx, { dir: o.dir, json: !!o.json }))());
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
    .option('-o, --output <path>', 'write the report to a file (a folder when grading several)')
    .addOption(appDir)
    .option('--all', 'terminal format: report every stage, not only up to the first one that does not pass')
    .option('--verbose', "terminal format: print every failed test's message in full, not only the first")
    .action((lab, folders, o) =>
      run(() =>
        grade(ctx, {
          lab,
          folders,
          format: (o.json ? 'json' : o.format) as ReportFormat,
          hidden: !!o.hidden,
          output: o.output,
          appDir: o.appDir,
          all: !!o.all,
          verbose: !!o.verbose,
        }),
      )(),
    );
  // --- submission server: `backlab serve` and `backlab serve token create` ---
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
    .action((o) => run(() => serve(ctx, o))());
  serveCommand
    .command('token')
    .description('manage access tokens of the server')
    .command('create')
    .description('create a token for a learner (or, with --instructor, an instructor) and print it once')
    .argument('<name>', 'learner name, e.g. ada or ada@example.edu')
    .option('--data <folder>', 'the server data folder (default: BACKLAB_DATA or ./backlab-data)')
    .option('--instructor', 'an instructor account instead of a learner')
    .addOption(json)
    // `serve` has a --data of its own, which commander gives to it wherever it is written.
    .action((name, o, command: Command) =>
      run(() =>
        serveTokenCreate(ctx, {
          name,
          data: command.optsWithGlobals().data,
          instructor: !!o.instructor,
          json: !!o.json,
        }),
      )(),
    );
  // --- end of submission server ---
  const images = program.command('images').description('build and inspect the Docker images backlab uses');
  images
    .command('build')
    .description('build every image (skips those up to date)')
    .option('--force', 'rebuild even when up to date')
    .option('--only <image...>', 'only these images (base, mariadb, nginx, node, mongo-standin)')
    .addOption(json)
    .action((o) =>
      run(async () => {
        const result = await imagesBuild({
          docker: await ctx.docker(),
          progress: ctx.progress,
          force: !!o.force,
          only: o.only as ImageName[] | undefined,
        });
        ctx.out(
          o.json
            ? JSON.stringify(result, null, 2)
            : result.images.map((i) => `${i.action.padEnd(8)} ${i.ref}`).join('\n'),
        );
        return EXIT.ok;
      })(),
    );
  images
    .command('status')
    .description('show which images are missing, outdated or ready')
    .addOption(json)
    .action((o) =>
      run(async () => {
        const result = await imagesStatus({ docker: await ctx.docker() });
        ctx.out(
          o.json
            ? JSON.stringify(result, null, 2)
            : result.images.map((i) => `${i.state.padEnd(8)} ${i.ref}`).join('\n'),
        );
        return result.allReady ? EXIT.ok : EXIT.fail;
      })(),
    );
  program
    .command('doctor')
    .description('check that this machine can run labs')
    .addOption(json)
    .action((o) => run(() => doctor(ctx, { json: !!o.json }))());
  program
    .command('cleanup')
    .description('remove containers, networks and volumes left by interrupted runs')
    .option('--all', 'also remove development environments of `backlab start`')
    .option('--cache', 'also remove cached dependencies')
    .addOption(json)
    .action((o) => run(() => cleanup(ctx, { all: !!o.all, cache: !!o.cache, json: !!o.json }))());

  // Lab authoring (instructors): `new` and `validate`.
  program
    .command('new')
    .description('create a lab from a template (instructors)')
    .argument('[id]', 'id of the new lab, which also names its folder')
    .option('-t, --template <name>', 'template to start from (see --list)')
    .option('--title <title>', "the lab's title (default: made from the id)")
    .option('--dir <folder>', 'folder to create the lab in', 'labs')
    .option('--list', 'list the templates')
    .addOption(json)
    .action((id, o) =>
      run(() =>
        newLab(ctx, { id, template: o.template, title: o.title, dir: o.dir, list: !!o.list, json: !!o.json }),
      )(),
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
    .addOption(json)
    .action((lab, o) =>
      run(() =>
        validate(ctx, {
          lab,
          runs: o.runs,
          quick: !!o.quick,
          skip: (o.skip ?? []) as SkippableCheck[],
          json: !!o.json,
        }),
      )(),
    );

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    printError(err, { stack: !!process.env.BACKLAB_DEBUG });
    // A script that asked for JSON still gets one document on stdout, saying what went wrong.
    if (wantsJson(argv)) process.stdout.write(`${JSON.stringify(errorDocument(err), null, 2)}\n`);
    return EXIT.error;
  } finally {
    await hooks.runAll((e) => printError(e));
  }
  return exitCode;
}

function wantsJson(argv: readonly string[]): boolean {
  const format = argv.indexOf('--format');
  return (
    argv.includes('--json') || argv.includes('--format=json') || (format >= 0 && argv[format + 1] === 'json')
  );
}

/** Ctrl-C tears running environments down before exiting; a second Ctrl-C exits at once. */
function installSignalHandlers(hooks: ShutdownHooks): void {
  let stopping = false;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(code);
      stopping = true;
      process.stderr.write(`\nInterrupted: removing containers (press Ctrl-C again to skip)…\n`);
      void hooks.runAll((e) => printError(e)).finally(() => process.exit(code));
    });
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    printError(err, { stack: true });
    process.exitCode = EXIT.error;
  },
);
