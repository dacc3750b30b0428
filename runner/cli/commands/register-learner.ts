import {
  allOption,
  appDirOption,
  dirOption,
  jsonOption,
  verboseOption,
  type RegisterCommands,
} from './shared-options';

const LAB_OVERRIDE = 'grade against this lab instead of the one `start` recorded';
const TOKEN_DEFAULT = '(default: BACKLAB_TOKEN, then the config file)';

/** The learner's commands: the catalogue, `start`, grading, and the folder's environment. */
export const registerLearnerCommands: RegisterCommands = (program, ctx, run) => {
  program
    .command('list')
    .description('list the labs')
    .addOption(jsonOption())
    .action((o) => run(async () => (await import('./list')).list(ctx, o)));
  program
    .command('info')
    .argument('<lab>', 'lab id or folder')
    .description("show a lab's stages and services")
    .addOption(jsonOption())
    .action((lab, o) => run(async () => (await import('./info')).info(ctx, { lab, ...o })));
  program
    .command('start')
    .description(
      'scaffold the starter code, copy the brief, database files and visible tests to .backlab/lab, and start the lab services for development',
    )
    .argument('<lab>', 'lab id or folder')
    .argument('[folder]', 'where your code goes (default: ./my-<lab>)')
    .addOption(jsonOption())
    .action((lab, folder, o) =>
      run(async () => (await import('./start')).start(ctx, { lab, dir: folder, json: !!o.json })),
    );
  registerGrading(program, ctx, run);
  registerEnvironment(program, ctx, run);
};

const registerGrading: RegisterCommands = (program, ctx, run) => {
  program
    .command('test')
    .description('grade your folder with the visible tests, in a fresh sandbox')
    .addOption(dirOption())
    .option('--lab <lab>', LAB_OVERRIDE)
    .option('-s, --stage <id...>', 'only these stages')
    .option(
      '-w, --watch',
      'test again whenever a file changes: the stages given, else the first that has not passed (one JSON document per line with --json)',
    )
    .addOption(appDirOption())
    .addOption(allOption())
    .addOption(verboseOption())
    .addOption(jsonOption())
    .action((o) =>
      run(async () => {
        const opts = { ...o, all: !!o.all, verbose: !!o.verbose, json: !!o.json };
        return o.watch
          ? (await import('./test-watch')).testWatch(ctx, opts)
          : (await import('./test')).test(ctx, opts);
      }),
    );
  program
    .command('submit')
    .description(
      'grade every stage and record the result in the folder history; with --server, submit to a backlab server',
    )
    .addOption(dirOption())
    .option('--lab <lab>', LAB_OVERRIDE)
    .option('--server <url>', 'submit to this backlab server (default: BACKLAB_SERVER, then the config file)')
    .option('--token <token>', `your token on the server ${TOKEN_DEFAULT}`)
    .addOption(appDirOption())
    .addOption(allOption())
    .addOption(verboseOption())
    .addOption(jsonOption())
    .action((o) =>
      run(async () =>
        (await import('./submit-remote')).submitLocallyOrRemotely(ctx, {
          dir: o.dir,
          lab: o.lab,
          appDir: o.appDir,
          all: !!o.all,
          verbose: !!o.verbose,
          json: !!o.json,
          server: o.server ?? process.env.BACKLAB_SERVER,
          token: o.token ?? process.env.BACKLAB_TOKEN,
        }),
      ),
    );
};

/** The development environment of a folder, and what its grades left. */
const registerEnvironment: RegisterCommands = (program, ctx, run) => {
  program
    .command('status')
    .description('show the running services, recent grades, and submissions to a server with their state')
    .addOption(dirOption())
    .option('--lab <lab>', 'show the folder against this lab instead of the one `start` recorded')
    .option('--token <token>', `your token, to ask the server how your submissions are ${TOKEN_DEFAULT}`)
    .addOption(jsonOption())
    .action((o) =>
      run(async () =>
        (await import('./status')).status(ctx, {
          dir: o.dir,
          lab: o.lab,
          token: o.token ?? process.env.BACKLAB_TOKEN,
          json: !!o.json,
        }),
      ),
    );
  program
    .command('logs')
    .description(
      "print a development service's log (mysql, nginx), or the app log of the latest grade; a service that is not running shows the latest grade's copy",
    )
    .argument('[target]', 'app or a service name', 'app')
    .option('-n, --lines <n>', 'how many lines of a service log', (v) => parseInt(v, 10), 100)
    .option('-g, --grade', "the service's log from the latest grade, even when it runs for development")
    .addOption(dirOption())
    .action((target, o) =>
      run(async () =>
        (await import('./dev-commands')).logs(ctx, {
          dir: o.dir,
          target,
          lines: o.lines,
          grade: !!o.grade,
          json: false,
        }),
      ),
    );
  program
    .command('hint')
    .description('show the hints of a stage (default: the first one not passed)')
    .argument('[stage]', 'stage id')
    .addOption(dirOption())
    .option(
      '--lab <lab>',
      'the lab whose hints to show (default: the one `start` recorded); works in any folder',
    )
    .addOption(jsonOption())
    .action((stage, o) =>
      run(async () =>
        (await import('./dev-commands')).hint(ctx, { dir: o.dir, lab: o.lab, stage, json: !!o.json }),
      ),
    );
  program
    .command('reset')
    .description("put the development databases back to the lab's initial state")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((o) =>
      run(async () => (await import('./dev-commands')).reset(ctx, { dir: o.dir, json: !!o.json })),
    );
  program
    .command('stop')
    .description('stop and remove the development services (your code stays)')
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((o) =>
      run(async () => (await import('./dev-commands')).stop(ctx, { dir: o.dir, json: !!o.json })),
    );
};
