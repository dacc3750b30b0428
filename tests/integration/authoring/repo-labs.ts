import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The labs and templates of this repository, found when the test file loads (test.each needs them then). */

const ROOT = path.resolve(__dirname, '../../..');

export interface RepoLab {
  /** "labs/login-system", "templates/express-mysql" */
  name: string;
  dir: string;
}

export function repoLabs(): RepoLab[] {
  return ['labs', 'templates'].flatMap((parent) =>
    folders(path.join(ROOT, parent))
      .filter((dir) => existsSync(path.join(dir, 'lab.yaml')))
      .map((dir) => ({ name: `${parent}/${path.basename(dir)}${mongoNote(dir)}`, dir })),
  );
}

/** Said in the test name, so no one reads a green MongoDB lab as checked against real MongoDB. */
function mongoNote(dir: string): string {
  const manifest = readFileSync(path.join(dir, 'lab.yaml'), 'utf8');
  return /^\s+mongodb:/m.test(manifest)
    ? ' (MongoDB: the backlab stand-in, NOT MongoDB, unless mongo:7 is present)'
    : '';
}

/** Every known answer of every lab: [lab, answer name]. */
export function repoKnownAnswers(): { lab: RepoLab; answer: string }[] {
  return repoLabs().flatMap((lab) =>
    folders(path.join(lab.dir, 'submissions')).map((dir) => ({ lab, answer: path.basename(dir) })),
  );
}

/**
 * A known answer that is the starter itself: `from: "starter"`, nothing removed, no file but
 * expected.json. Its grade is exactly the grade `backlab validate` gives the starter (visible
 * tests, the starter folder as it is), so one grade serves both checks.
 */
export function isUntouchedStarter(answerDir: string): boolean {
  const entries = readdirSync(answerDir);
  if (entries.length !== 1 || entries[0] !== 'expected.json') return false;
  const expected = JSON.parse(readFileSync(path.join(answerDir, 'expected.json'), 'utf8')) as {
    from?: unknown;
    remove?: unknown[];
  };
  return expected.from === 'starter' && !expected.remove?.length;
}

/** The lab's known answer that is its untouched starter, if it has one. */
export function untouchedStarterAnswer(lab: RepoLab): string | undefined {
  return folders(path.join(lab.dir, 'submissions'))
    .filter(isUntouchedStarter)
    .map((dir) => path.basename(dir))[0];
}

function folders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => path.join(dir, e.name))
    .sort();
}
