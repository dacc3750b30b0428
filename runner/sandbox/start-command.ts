import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppSetupError, type PackageInfo } from './package-json';
import { splitWords, unwatchCommand, type NodemonConfig, type UnwatchContext } from './unwatch';
import { pathExists } from '../common/path-exists';
import { quote } from 'shell-quote';

export interface StartCommand {
  /** Exactly what runs in the app container (`sh -c`), and what the report shows. */
  command: string;
  /** How it was chosen, for the report ("package.json scripts.start"). */
  source: string;
  note?: string;
  /**
   * Run in the install stage, where the code is still writable: `npm run build` when the start
   * command runs a file that a build makes (dist/server.js), and npm's own `prestart`.
   */
  buildCommand?: string;
}

const SERVER_FILES = ['server.js', 'app.js', 'index.js', 'src/server.js', 'src/app.js', 'src/index.js'];
const TS_SERVER_FILES = ['src/index.ts', 'src/server.ts', 'src/app.ts', 'index.ts', 'server.ts', 'app.ts'];
/** How deep `npm run dev` may refer to further scripts before we stop following. */
const MAX_SCRIPT_DEPTH = 4;

/**
 * How learners' apps are started, the way `npm start` would: the lab's command, else
 * `scripts.start`, else npm's own default `node server.js`, else `scripts.dev`, else `main`, else
 * the usual entry files. Watchers (nodemon, tsx watch, node --watch) are replaced by what they
 * would run, and `npm run x` inside a script is followed so that a watcher there is found too.
 */
export async function detectStartCommand(
  dir: string,
  pkg: PackageInfo,
  labStart?: string,
): Promise<StartCommand> {
  if (labStart) return { command: labStart, source: 'lab.yaml app.start' };
  const scripts = pkg.json.scripts ?? {};
  const ctx: UnwatchContext = { nodemon: await nodemonConfig(dir, pkg), main: pkg.json.main };
  if (scripts.start)
    return fromScript(dir, pkg, 'start', ctx, scripts.prestart ? 'npm run prestart' : undefined);
  if (await pathExists(join(dir, 'server.js'))) {
    return {
      command: 'node server.js',
      source: "npm start's default for a folder with server.js (no start script)",
    };
  }
  if (scripts.dev) return fromScript(dir, pkg, 'dev', ctx);
  if (pkg.json.main && (await pathExists(join(dir, pkg.json.main)))) {
    return { command: `node ${quote([pkg.json.main])}`, source: 'package.json main (no start script)' };
  }
  for (const entry of SERVER_FILES) {
    if (await pathExists(join(dir, entry)))
      return { command: `node ${entry}`, source: `${entry} (no start script)` };
  }
  const tsRunner = typeScriptRunner(pkg);
  for (const entry of tsRunner ? TS_SERVER_FILES : []) {
    if (await pathExists(join(dir, entry))) {
      return {
        command: `${tsRunner} ${entry}`,
        source: `${entry} with ${tsRunner} from devDependencies (no start script)`,
      };
    }
  }
  throw new AppSetupError(
    'cannot tell how to start your app: package.json has no scripts.start or scripts.dev, no main, and there is no server.js, app.js or index.js',
    'Add "start": "node server.js" (your entry file) to the scripts in package.json.',
  );
}

async function fromScript(
  dir: string,
  pkg: PackageInfo,
  name: string,
  ctx: UnwatchContext,
  prestart?: string,
): Promise<StartCommand> {
  const scripts = pkg.json.scripts!;
  const script = scripts[name];
  const expanded = expandScript(script, scripts, 0);
  const { builds, rest } = leadingBuilds(expanded, scripts);
  const unwatched = unwatchCommand(rest, ctx);
  const command = unwatched ?? rest;
  const source = `package.json scripts.${name}${name === 'start' ? '' : ' (no start script)'}`;
  const notes: string[] = [];
  if (unwatched) notes.push(`ran "${unwatched}" for "${script}": file watchers are not used for grading`);
  else if (command !== script) notes.push(`ran "${command}", what "${script}" runs`);
  const build = [prestart, ...builds].filter(Boolean).join(' && ') || (await missingBuild(dir, pkg, command));
  if (build) notes.push(`ran "${build}" first, in the install stage where the code is writable`);
  return {
    command,
    source,
    ...(notes.length ? { note: notes.join('; ') } : {}),
    ...(build ? { buildCommand: build } : {}),
  };
}

/** Compilers and cleaners that write into the project: they belong before the app starts. */
const BUILD_TOOLS = new Set(['tsc', 'babel', 'rimraf', 'webpack', 'esbuild', 'swc', 'tsup']);
const BUILD_SCRIPT_NAMES = /^(build|compile|prebuild|build:\w+)$/;

/** `tsc && node dist/index.js` → builds ["tsc"] and the rest; only leading `&&` parts move. */
function leadingBuilds(command: string, scripts: Record<string, string>): { builds: string[]; rest: string } {
  const parts = command.split(/\s*&&\s*/);
  const builds: string[] = [];
  while (parts.length > 1 && isBuild(parts[0], scripts)) builds.push(parts.shift()!);
  return { builds, rest: parts.join(' && ') };
}

function isBuild(part: string, scripts: Record<string, string>): boolean {
  const words = safeWords(part) ?? [];
  const tool = words[0] === 'npx' ? words[1] : words[0];
  if (BUILD_TOOLS.has(tool)) return true;
  const script =
    words[0] === 'npm' && words[1] === 'run' ? words[2] : words[0] === 'yarn' ? words[1] : undefined;
  return !!script && !!scripts[script] && BUILD_SCRIPT_NAMES.test(script);
}

/** Replaces `npm run x` / `npm start` / `yarn x` that make up the whole script by script x. */
function expandScript(script: string, scripts: Record<string, string>, depth: number): string {
  const words = safeWords(script);
  if (!words || depth >= MAX_SCRIPT_DEPTH) return script;
  const target =
    (words[0] === 'npm' &&
      (words[1] === 'run' || words[1] === 'run-script') &&
      words.length === 3 &&
      words[2]) ||
    (words[0] === 'npm' && words.length === 2 && words[1] === 'start' && 'start') ||
    (words[0] === 'yarn' && words.length === 2 && words[1]);
  if (!target || !scripts[target] || (target === 'start' && depth === 0)) return script;
  return expandScript(scripts[target], scripts, depth + 1);
}

/** `npm run build` when the start command runs a file that is missing and a build script exists. */
async function missingBuild(dir: string, pkg: PackageInfo, command: string): Promise<string | undefined> {
  if (!pkg.json.scripts?.build) return undefined;
  const words = safeWords(command) ?? [];
  const entry = words.find((w) => /\.(c|m)?js$/.test(w) && !w.startsWith('-'));
  return entry && !(await pathExists(join(dir, entry))) ? 'npm run build' : undefined;
}

function typeScriptRunner(pkg: PackageInfo): string | undefined {
  const deps = { ...pkg.json.dependencies, ...pkg.json.devDependencies };
  return deps.tsx ? 'tsx' : deps['ts-node'] ? 'ts-node' : undefined;
}

/** nodemon's settings: nodemon.json beside package.json, else package.json's nodemonConfig. */
async function nodemonConfig(dir: string, pkg: PackageInfo): Promise<NodemonConfig | undefined> {
  const file = await readFile(join(dir, 'nodemon.json'), 'utf8').catch(() => undefined);
  if (file !== undefined) {
    try {
      return JSON.parse(file) as NodemonConfig;
    } catch {
      return undefined;
    }
  }
  return pkg.json.nodemonConfig;
}

function safeWords(text: string): string[] | undefined {
  try {
    return splitWords(text);
  } catch {
    return undefined;
  }
}
