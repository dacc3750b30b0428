import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatPath, type LabProblem } from './lab-problem';
import { isInsidePath } from './manifest-fields';
import { closestPath, labEntries, type LabEntries } from './path-suggestions';
import { isRecord, rawAt, rawPaths, rawStages, type Path } from './raw-manifest';
import { MANIFEST_FILE } from './read-manifest';

/** Rules about the files lab.yaml refers to: they must exist, be of the right kind and be readable. */

type Kind = 'file' | 'folder';

interface Reference {
  /** Where lab.yaml names it (for a default, the key that would name it). */
  path: Path;
  /** Path relative to the lab folder. */
  target: string;
  kind: Kind;
  /** What to do when it is missing, when something more useful than fixing the path applies. */
  fix?: string;
}

const FILE_FIX = 'create it or correct the path (relative to the lab folder)';

export async function fileRuleProblems(raw: unknown, labDir: string): Promise<LabProblem[]> {
  const references = referencedPaths(raw).filter((reference) => isInsidePath(reference.target));
  const suggest = pathSuggester(labDir, references);
  const problems = await Promise.all(
    references.map((reference) => checkReference(labDir, reference, suggest)),
  );
  const seeds = await Promise.all(mongodbSeeds(raw).map((seed) => checkSeedFile(labDir, seed)));
  return [...problems.flat(), ...(await checkLabApp(raw, labDir)), ...seeds.flat()];
}

function referencedPaths(raw: unknown): Reference[] {
  const references: Reference[] = [];
  const files = (value: unknown, at: Path) =>
    rawPaths(value, at).map(({ value, path }): Reference => ({ path, target: value, kind: 'file' }));

  for (const { stage, path } of rawStages(raw)) {
    references.push(...files(stage.tests, [...path, 'tests']), ...files(stage.hidden, [...path, 'hidden']));
  }
  for (const kind of ['mysql', 'mongodb']) {
    references.push(...files(rawAt(raw, 'services', kind, 'init'), ['services', kind, 'init']));
  }
  if (rawAt(raw, 'services', 'nginx', 'from') === 'lab') {
    references.push(...files(rawAt(raw, 'services', 'nginx', 'config'), ['services', 'nginx', 'config']));
  }
  const staticPath = rawAt(raw, 'services', 'nginx', 'static', 'path');
  if (rawAt(raw, 'services', 'nginx', 'static', 'from') === 'lab' && typeof staticPath === 'string') {
    references.push({
      path: ['services', 'nginx', 'static', 'path'],
      target: staticPath,
      kind: 'folder',
      fix: 'add the folder of static files, or correct `services.nginx.static.path`',
    });
  }
  if (rawAt(raw, 'app', 'from') === 'lab') {
    const appPath = rawAt(raw, 'app', 'path') ?? '.';
    if (typeof appPath === 'string') {
      references.push({
        path: ['app', 'path'],
        target: appPath,
        kind: 'folder',
        fix: "add the lab's app folder, or correct `app.path`",
      });
    }
  }
  for (const [key, purpose] of [
    ['starter', 'the code learners start from'],
    ['solution', 'a reference solution that passes every stage'],
  ]) {
    const folder = rawAt(raw, key) ?? key;
    if (typeof folder === 'string') {
      references.push({
        path: [key],
        target: folder,
        kind: 'folder',
        fix: `create it with ${purpose}, or set \`${key}:\` to its folder`,
      });
    }
  }
  return references;
}

type Suggester = (reference: Reference) => Promise<string | undefined>;

/**
 * Suggests an existing path for a missing one. The lab folder is listed once, and only when some
 * path is missing; paths lab.yaml already names are never suggested (tests/01-… for tests/02-…).
 */
function pathSuggester(labDir: string, references: readonly Reference[]): Suggester {
  const named = new Set(references.map((reference) => path.posix.normalize(reference.target)));
  let entries: Promise<LabEntries> | undefined;
  return async (reference) => {
    entries ??= labEntries(labDir);
    const { files, folders } = await entries;
    const candidates = (reference.kind === 'file' ? files : folders).filter((entry) => !named.has(entry));
    return closestPath(reference.target, candidates);
  };
}

async function checkReference(
  labDir: string,
  reference: Reference,
  suggest: Suggester,
): Promise<LabProblem[]> {
  const found = await kindOf(path.join(labDir, reference.target));
  if (found === reference.kind) return [];
  const subject = `${reference.kind} ${JSON.stringify(reference.target)}`;
  const problem = { file: MANIFEST_FILE, path: formatPath(reference.path) };
  if (found === undefined) {
    const suggestion = await suggest(reference);
    const fix = suggestion ? `did you mean ${suggestion}?` : (reference.fix ?? FILE_FIX);
    return [{ ...problem, message: `${subject} not found`, fix }];
  }
  return [
    {
      ...problem,
      message: `expected a ${reference.kind}, but ${JSON.stringify(reference.target)} is a ${found}`,
    },
  ];
}

/** A lab-side app must be a Node project; its folder itself is checked as a reference. */
async function checkLabApp(raw: unknown, labDir: string): Promise<LabProblem[]> {
  const appPath = rawAt(raw, 'app', 'path') ?? '.';
  if (rawAt(raw, 'app', 'from') !== 'lab' || typeof appPath !== 'string' || !isInsidePath(appPath)) return [];
  if ((await kindOf(path.join(labDir, appPath))) !== 'folder') return [];
  if ((await kindOf(path.join(labDir, appPath, 'package.json'))) === 'file') return [];
  return [
    {
      file: MANIFEST_FILE,
      path: 'app.path',
      message: `no package.json in folder ${JSON.stringify(appPath)}`,
      fix: "the lab's own app must be a Node project with a start script",
    },
  ];
}

async function kindOf(target: string): Promise<Kind | undefined> {
  try {
    return (await stat(target)).isDirectory() ? 'folder' : 'file';
  } catch {
    return undefined;
  }
}

function mongodbSeeds(raw: unknown): string[] {
  return rawPaths(rawAt(raw, 'services', 'mongodb', 'init'), [])
    .map(({ value }) => value)
    .filter((seed) => isInsidePath(seed));
}

const SEED_SHAPE =
  'expected a JSON object mapping collection names to lists of documents, like {"products": [{"name": "pen"}]}';

/** MongoDB seed files are read by the service at run time; a broken one is better caught here. */
async function checkSeedFile(labDir: string, seed: string): Promise<LabProblem[]> {
  let text: string;
  try {
    text = await readFile(path.join(labDir, seed), 'utf8');
  } catch {
    return []; // missing or unreadable: reported as a missing file
  }
  const file = path.posix.normalize(seed);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return [{ file, message: `invalid JSON: ${(error as Error).message}` }];
  }
  const valid =
    isRecord(data) && Object.values(data).every((docs) => Array.isArray(docs) && docs.every(isRecord));
  return valid ? [] : [{ file, message: SEED_SHAPE }];
}
