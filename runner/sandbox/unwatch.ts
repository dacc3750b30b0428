import { posix } from 'node:path';
import { parse, quote, type ParseEntry } from 'shell-quote';

/**
 * Turns a start command that runs under a file watcher into the command the watcher would run,
 * minus the watching: `nodemon --exec babel-node src/app.js` → `babel-node src/app.js`,
 * `tsx watch src/server.ts` → `tsx src/server.ts`, `node --watch app.js` → `node app.js`.
 * Under grading the code never changes, but a watcher keeps the container alive after the app
 * crashes ("app crashed - waiting for file changes"), which would hide the crash.
 */

export interface NodemonConfig {
  exec?: string;
  script?: string;
  execMap?: Record<string, string>;
  env?: Record<string, string | number | boolean>;
}

export interface UnwatchContext {
  /** nodemon.json, or package.json nodemonConfig. */
  nodemon?: NodemonConfig;
  /** package.json main: nodemon with no script runs it. */
  main?: string;
}

type Words = string[];

/** Options of nodemon that take a value, and are only about watching or nodemon itself. */
const NODEMON_VALUE_OPTIONS = new Set([
  '-w',
  '--watch',
  '-e',
  '--ext',
  '-i',
  '--ignore',
  '-d',
  '--delay',
  '-s',
  '--signal',
  '--config',
  '-C',
  '--polling-interval',
  '-P',
]);
const NODEMON_FLAGS = new Set([
  '-L',
  '--legacy-watch',
  '-V',
  '--verbose',
  '-q',
  '--quiet',
  '--no-colours',
  '--no-colors',
  '-I',
  '--no-stdin',
  '--spawn',
  '--no-update-notifier',
  '--on-change-only',
  '--dump',
  '-x',
]);
/** Node options that take a separate value, passed through by nodemon to node. */
const NODE_VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);
/** nodemon's own defaults (its execMap) by file extension. */
const DEFAULT_EXEC: Record<string, string> = { '.ts': 'ts-node', '.mts': 'ts-node', '.py': 'python3' };

/** Watch-only options of `tsx watch`. */
const TSX_WATCH_VALUE_OPTIONS = new Set(['--include', '--exclude', '--ignore']);

/** The unwatched form of one simple command, or undefined when it runs no watcher. */
export function unwatchWords(words: Words, ctx: UnwatchContext): Words | undefined {
  const [tool, ...rest] = words;
  if (tool === 'nodemon') return unwatchNodemon(rest, ctx);
  if (tool === 'node' && rest.some((w) => /^--watch(-path|-preserve-output)?(=|$)/.test(w))) {
    return [tool, ...dropNodeWatch(rest)];
  }
  if (tool === 'tsx' && rest[0] === 'watch')
    return ['tsx', ...dropOptions(rest.slice(1), TSX_WATCH_VALUE_OPTIONS, /^--clear-screen/)];
  if (tool === 'ts-node-dev' || tool === 'tsnd') {
    // Without --respawn ts-node-dev ends when the script ends; the read-only code never changes.
    const kept = rest.filter((w) => w !== '--respawn' && w !== '-r=respawn');
    return kept.length === rest.length ? undefined : [tool, ...kept];
  }
  return undefined;
}

function dropNodeWatch(args: Words): Words {
  const out: Words = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--watch-path') i++;
    else if (!/^--watch(-path|-preserve-output)?(=|$)/.test(args[i])) out.push(args[i]);
  }
  return out;
}

function dropOptions(args: Words, valued: Set<string>, flag: RegExp): Words {
  const out: Words = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].split('=')[0];
    if (valued.has(name)) {
      if (!args[i].includes('=')) i++;
    } else if (!flag.test(args[i])) out.push(args[i]);
  }
  return out;
}

function unwatchNodemon(args: Words, ctx: UnwatchContext): Words {
  let exec: string | undefined;
  const nodeArgs: Words = [];
  let script: string | undefined;
  let scriptArgs: Words = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const name = word.split('=')[0];
    if (word === '--') {
      [script, ...scriptArgs] = args.slice(i + 1);
      break;
    }
    if (name === '--exec' || name === '-x') {
      exec = word.includes('=') ? word.slice(name.length + 1) : args[++i];
    } else if (NODEMON_VALUE_OPTIONS.has(name)) {
      if (!word.includes('=')) i++;
    } else if (NODEMON_FLAGS.has(word)) {
      continue;
    } else if (NODE_VALUE_OPTIONS.has(word)) {
      nodeArgs.push(word, args[++i]);
    } else if (word.startsWith('-')) {
      nodeArgs.push(word);
    } else {
      script = word;
      scriptArgs = args.slice(i + 1);
      break;
    }
  }
  exec ??= ctx.nodemon?.exec;
  script ??= ctx.nodemon?.script ?? (exec ? undefined : (ctx.main ?? 'index.js'));
  const runner = exec ?? execFor(script, ctx.nodemon?.execMap);
  const command = [...splitWords(runner), ...nodeArgs, ...(script ? [script] : []), ...scriptArgs];
  return [...envAssignments(ctx.nodemon?.env), ...command];
}

function execFor(script: string | undefined, execMap: Record<string, string> = {}): string {
  const ext = script ? posix.extname(script) : '';
  const mapped = execMap[ext.slice(1)] ?? DEFAULT_EXEC[ext];
  return mapped ?? 'node';
}

/** nodemon.json `env`, as assignments that leave variables backlab set untouched. */
function envAssignments(env: NodemonConfig['env']): Words {
  return Object.entries(env ?? {})
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, value]) => `${name}=\${${name}:-${String(value)}}`);
}

/** The words of a command line, operators dropped, `$VAR` kept as written. */
export function splitWords(text: string): Words {
  return parse(text, (name) => `$${name}`).filter((e): e is string => typeof e === 'string');
}

/** A command line split at its operators (&&, ||, ;, |): each part is unwatched on its own. */
export function unwatchCommand(text: string, ctx: UnwatchContext): string | undefined {
  const entries: ParseEntry[] = parse(text, (name) => `\${${name}}`);
  if (entries.some((e) => typeof e === 'object' && !('op' in e))) return undefined;
  const parts: { words: Words; op?: string }[] = [{ words: [] }];
  for (const entry of entries) {
    if (typeof entry === 'string') parts[parts.length - 1].words.push(entry);
    else if ('op' in entry && entry.op !== 'glob') parts.push({ words: [], op: entry.op });
    else return undefined;
  }
  let changed = false;
  const rebuilt = parts.map(({ words, op }) => {
    const [assignments, command] = splitAssignments(words);
    const unwatched = unwatchWords(command, ctx);
    if (unwatched) changed = true;
    return `${op ? `${op} ` : ''}${joinWords([...assignments, ...(unwatched ?? command)])}`;
  });
  return changed ? rebuilt.join(' ').trim() : undefined;
}

/** `NODE_ENV=dev cross-env X=1 nodemon …` → the assignments (and cross-env) and the command. */
function splitAssignments(words: Words): [Words, Words] {
  let i = 0;
  while (
    i < words.length &&
    (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || words[i] === 'cross-env' || words[i] === 'env')
  )
    i++;
  return [words.slice(0, i), words.slice(i)];
}

const PLAIN_WORD = /^[\w./:@%+,=-]+$/;
/** `NAME=${NAME:-value}`, made for nodemon.json's env: must stay unquoted to expand. */
const DEFAULTED_ASSIGNMENT = /^[A-Za-z_]\w*=\$\{\w+:-[^}]*\}$/;

/** Quotes what needs quoting, but keeps ${VAR} references and assignments working. */
function joinWords(words: Words): string {
  const shown = (word: string) => {
    if (PLAIN_WORD.test(word) || DEFAULTED_ASSIGNMENT.test(word)) return word;
    // A variable reference must expand: double quotes, which the parser's output never needs escaped.
    if (/\$\{\w+\}/.test(word)) return `"${word}"`;
    return quote([word]);
  };
  return words.map(shown).join(' ');
}
