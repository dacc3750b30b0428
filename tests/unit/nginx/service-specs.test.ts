import path from 'node:path';
import { servicesToStart } from '../../../runner/grading/service-specs';
import { loadLab, type Lab } from '../../../runner/lab';

const LABS = path.resolve(__dirname, '../../../labs');

async function lab(id: string): Promise<Lab> {
  const loaded = await loadLab(path.join(LABS, id));
  if (!loaded.ok) throw new Error(`${id} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.lab;
}

describe('servicesToStart', () => {
  test("nginx-proxy: the learner's config and public/ folder, nginx after the lab's app", async () => {
    const specs = servicesToStart(await lab('nginx-proxy'), '/work/learner');
    expect(specs.beforeApp).toEqual([]);
    expect(specs.afterApp).toEqual([
      {
        kind: 'nginx',
        options: {
          configFile: '/work/learner/nginx.conf',
          configFrom: 'submission',
          staticDir: '/work/learner/public',
        },
      },
    ]);
  });

  test('sql-fundamentals: MySQL only, with schema then seed, and no app', async () => {
    const sql = await lab('sql-fundamentals');
    expect(sql.app).toBeUndefined();
    const specs = servicesToStart(sql, '/work/learner');
    expect(specs.afterApp).toEqual([]);
    expect(specs.beforeApp).toEqual([
      {
        kind: 'mysql',
        options: {
          database: 'shop',
          initScripts: [
            path.join(LABS, 'sql-fundamentals/db/schema.sql'),
            path.join(LABS, 'sql-fundamentals/db/seed.sql'),
          ],
        },
      },
    ]);
  });
});
