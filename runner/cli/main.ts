#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../common/package-root';
import { ShutdownHooks } from '../common/shutdown';
import { defaultLabsDir } from '../lab/labs-dir';
import { EXIT, type CliContext } from './cli-context';
import { lazyDocker } from './connect-docker';
import { registerInstructorCommands } from './commands/register-instructor';
import { registerLearnerCommands } from './commands/register-learner';
import { registerMachineCommands } from './commands/register-machine';
import type { RunCommand } from './commands/shared-options';
import { installSignalHandlers } from './interrupt';
import { dropOutputWhenReaderLeaves } from './output/broken-pipe';
import { shouldUseColor } from './output/color';
import { InterruptibleProgress } from './output/interruptible-progress';
import { errorDocument, printError } from './output/print';
import { createTerminalProgress } from './output/terminal-progress';

/** The only place that reads argv and exits; signals are handled by `interrupt.ts`, installed here. */
async function main(argv: string[]): Promise<number> {
  dropOutputWhenReaderLeaves(process.stdout);
  dropOutputWhenReaderLeaves(process.stderr);
  const hooks = new ShutdownHooks();
  const progress = new InterruptibleProgress(createTerminalProgress());
  const connection = lazyDocker(progress);
  const interrupted = installSignalHandlers({ hooks, progress, connectedDocker: connection.connected });
  const ctx: CliContext = {
    cwd: process.cwd(),
    labsDir: process.env.BACKLAB_LABS_DIR ?? defaultLabsDir(),
    docker: connection.docker,
    sweptOnConnect: connection.swept,
    progress,
    hooks,
    // An interrupted command has no result to print, only what its interruption removed.
    out: (text) => {
      if (!interrupted()) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    runtime: process.env.BACKLAB_RUNTIME || undefined,
    color: shouldUseColor(process.stdout.isTTY === true),
    width: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
  let exitCode: number = EXIT.ok;
  const run: RunCommand = async (work) => {
    await connection.sweepIfReachable();
    exitCode = await work();
  };

  const program = new Command('backlab')
    .description('Hands-on back-end labs on real databases and servers, graded in Docker sandboxes.')
    .version(packageVersion())
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerLearnerCommands(program, ctx, run);
  registerInstructorCommands(program, ctx, run);
  registerMachineCommands(program, ctx, run);

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (interrupted()) return EXIT.error;
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

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    printError(err, { stack: true });
    process.exitCode = EXIT.error;
  },
);
