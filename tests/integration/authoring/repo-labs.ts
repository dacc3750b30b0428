import { existsSync, readdirSync } from 'node:fs';
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
      .map((dir) => ({ name: `${parent}/${path.basename(dir)}`, dir })),
  );
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
