import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context';

/** Runs a command's work: the exit code it returns becomes the process's. */
export type RunCommand = (work: () => Promise<number>) => Promise<void>;

/** Adds a group of commands to the program. */
export type RegisterCommands = (program: Command, ctx: CliContext, run: RunCommand) => void;

/** Options several commands share, so that they read the same everywhere. */
export const jsonOption = () => new Option('--json', 'print a JSON document on stdout instead of text');
export const dirOption = () =>
  new Option('-d, --dir <folder>', 'the lab folder (default: the current folder)');
export const allOption = () =>
  new Option('--all', 'report every stage, not only up to the first one that does not pass');
export const verboseOption = () =>
  new Option('--verbose', "print every failed test's message in full, not only the first");
export const appDirOption = () =>
  new Option(
    '--app-dir <folder>',
    'the folder of the app to grade, inside the graded folder (default: lab.yaml app.path, else the only subfolder with a startable app)',
  );
