import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Lab } from './lab';

/**
 * What of a lab a learner may read next to their own code, as POSIX paths relative to the lab
 * folder: the files the brief and the starter point to. Hidden suites, the folders of hidden
 * suites and the solution are never part of it.
 */
export interface LearnerReferences {
  /** The brief, when the lab has one. */
  brief?: string;
  /** The services' init scripts and seed files, in the order they are applied. */
  db: string[];
  /** The visible suites, in stage order. */
  suites: string[];
  /** What the visible suites import from the lab (their support modules), followed transitively. */
  modules: string[];
}

/** The learner's brief, at the top of the lab folder (`backlab validate` warns when it is missing). */
export const BRIEF_FILE = 'README.md';

// Relative specifiers of import/export … from, import(), bare imports and require(): the only ones that name lab files.
const RELATIVE_IMPORT = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"](\.\.?\/[^'"\n]+)['"]/g;
const RESOLVED_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.js'];

export async function learnerReferences(lab: Lab): Promise<LearnerReferences> {
  const relative = (file: string) => path.relative(lab.dir, file).split(path.sep).join('/');
  const suites = unique(lab.stages.flatMap((stage) => stage.tests));
  const withheld = withheldCheck(lab);
  const db = [...(lab.services.mysql?.initScripts ?? []), ...(lab.services.mongodb?.seedFiles ?? [])];
  const modules = await importedModules(suites, withheld);
  return {
    ...((await isFile(path.join(lab.dir, BRIEF_FILE))) ? { brief: BRIEF_FILE } : {}),
    db: unique(db)
      .filter((file) => !withheld(file))
      .map(relative),
    suites: suites.filter((file) => !withheld(file)).map(relative),
    modules: modules.filter((file) => !suites.includes(file)).map(relative),
  };
}

/** Every path of the references, brief first. */
export function referencePaths(refs: LearnerReferences): string[] {
  return [...(refs.brief ? [refs.brief] : []), ...refs.db, ...refs.suites, ...refs.modules];
}

/**
 * Files a learner must not get: outside the lab, hidden suites, the folders that hold only hidden
 * suites (their support modules live there) and the solution.
 */
function withheldCheck(lab: Lab): (file: string) => boolean {
  const hidden = new Set(lab.stages.flatMap((stage) => stage.hidden));
  const visibleDirs = new Set(lab.stages.flatMap((stage) => stage.tests.map((file) => path.dirname(file))));
  const closedDirs = [
    ...new Set([...hidden].map((file) => path.dirname(file)).filter((dir) => !visibleDirs.has(dir))),
    lab.solutionDir,
  ];
  const inside = (dir: string, file: string) => !path.relative(dir, file).startsWith('..');
  return (file) => !inside(lab.dir, file) || hidden.has(file) || closedDirs.some((dir) => inside(dir, file));
}

/** The lab modules `entries` import, directly or through each other, in the order first met. */
async function importedModules(entries: string[], withheld: (file: string) => boolean): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file) || withheld(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = await resolveModule(path.resolve(path.dirname(file), match[1]));
      if (target) queue.push(target);
    }
  }
  return [...seen];
}

/** The file an import names, as Node and TypeScript find it (`./site` → site.ts, `./a.js` → a.ts). */
async function resolveModule(specifier: string): Promise<string | undefined> {
  const bases = [specifier, specifier.replace(/\.[cm]?js$/, '')];
  for (const base of unique(bases)) {
    for (const extension of RESOLVED_EXTENSIONS) {
      if (await isFile(base + extension)) return base + extension;
    }
  }
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
