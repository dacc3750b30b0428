import path from 'node:path';
import type { Lab } from '../../../runner/lab/lab';
import { learnerReferences, referencePaths } from '../../../runner/lab/learner-references';
import { formatProblem } from '../../../runner/lab/lab-problem';
import { loadLab } from '../../../runner/lab/load-lab';
import { scratchLabs, type ScratchLabs } from './lab-fixtures';

const REPO_LABS = path.resolve(__dirname, '../../../labs');

async function loaded(dir: string): Promise<Lab> {
  const result = await loadLab(dir);
  if (!result.ok) throw new Error(`expected ${dir} to load:\n${result.errors.map(formatProblem).join('\n')}`);
  return result.lab;
}

describe('learnerReferences of the shipped labs', () => {
  it('login-system: the brief, the schema, the visible suites and the support modules they import', async () => {
    const refs = await learnerReferences(await loaded(path.join(REPO_LABS, 'login-system')));
    expect(refs.brief).toBe('README.md');
    expect(refs.db).toEqual(['db/schema.sql']);
    expect(refs.suites).toEqual([
      'tests/01-register.test.ts',
      'tests/02-login.test.ts',
      'tests/03-sessions.test.ts',
      'tests/04-password-storage.test.ts',
      'tests/05-sql-injection.test.ts',
      'tests/06-brute-force.test.ts',
    ]);
    expect([...refs.modules].sort()).toEqual([
      'tests/support/brute-force.ts',
      'tests/support/injection.ts',
      'tests/support/session.ts',
      'tests/support/users-table.ts',
    ]);
  });

  it.each(['login-system', 'sql-fundamentals', 'ecommerce-api', 'nginx-proxy'])(
    '%s: nothing hidden, nothing of the solution',
    async (id) => {
      const lab = await loaded(path.join(REPO_LABS, id));
      const paths = referencePaths(await learnerReferences(lab));
      expect(paths.length).toBeGreaterThan(lab.stages.length);
      expect(paths.filter((file) => /hidden|solution|submissions/.test(file))).toEqual([]);
    },
  );

  it('sql-fundamentals and ecommerce-api: every init file, in order', async () => {
    const sql = await learnerReferences(await loaded(path.join(REPO_LABS, 'sql-fundamentals')));
    expect(sql.db).toEqual(['db/schema.sql', 'db/seed.sql']);
    const shop = await learnerReferences(await loaded(path.join(REPO_LABS, 'ecommerce-api')));
    expect(shop.db).toEqual(['db/seed.json']);
  });
});

describe('learnerReferences of a lab whose suites reach for what they must not show', () => {
  let labs: ScratchLabs;
  beforeAll(() => {
    labs = scratchLabs();
  });
  afterAll(() => labs.cleanup());

  it('follows imports through each other but never into hidden folders or the solution', async () => {
    const dir = labs.copy({
      files: {
        'tests/01-register.stage.ts': [
          "import { baseUrl } from './helpers';",
          "import { expected } from './hidden/answers';",
          "import { reference } from '../solution/reference';",
          "const { shared } = require('./lib/shared.js');",
        ].join('\n'),
        'tests/helpers.ts': "export * from './lib/urls';",
        'tests/lib/urls.ts': 'export const baseUrl = "http://app:3000";',
        'tests/lib/shared.ts': 'export const shared = 1;',
        'tests/hidden/answers.ts': 'export const expected = 42;',
        'solution/reference.ts': 'export const reference = 1;',
      },
    });
    const refs = await learnerReferences(await loaded(dir));
    expect(refs.brief).toBeUndefined();
    expect(refs.db).toEqual(['db/schema.sql', 'db/seed.json']);
    expect(refs.suites).toEqual([
      'tests/01-register.stage.ts',
      'tests/02-login.stage.ts',
      'tests/03-catalogue.stage.ts',
    ]);
    expect([...refs.modules].sort()).toEqual([
      'tests/helpers.ts',
      'tests/lib/shared.ts',
      'tests/lib/urls.ts',
    ]);
  });
});
