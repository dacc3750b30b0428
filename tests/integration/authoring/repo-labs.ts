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

function folders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => path.join(dir, e.name))
    .sort();
}
