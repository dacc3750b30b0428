import { mysql } from 'backlab/kit';
import {
  addYearsOfOrders,
  explainRangeQuery,
  indexesOnOrders,
  RANGE_QUERY,
  SEEDED_INDEXES,
} from './support/orders-index';
import { runStatements } from './support/run-sql';
import { shown, statementsOf } from './support/sql-file';

jest.setTimeout(60_000);

const FILE = '07-orders-by-date-index.sql';
let fileError: string | undefined;

beforeAll(async () => {
  const conn = await mysql();
  // An index pays off on a big table: two years of orders first, as the real shop has.
  await addYearsOfOrders(conn);
  try {
    await runStatements(FILE, await statementsOf(FILE), conn);
  } catch (error) {
    fileError = (error as Error).message;
  }
});

describe('an index', () => {
  test('07: the file creates an index on orders', async () => {
    if (fileError) throw new Error(fileError);
    const added = (await indexesOnOrders(await mysql())).filter((name) => !SEEDED_INDEXES.includes(name));
    if (added.length === 0) {
      throw new Error(
        `${shown(FILE)} ran, but orders has no new index (only ${SEEDED_INDEXES.join(', ')}). Use CREATE INDEX … ON orders (…);`,
      );
    }
  });

  test('07: EXPLAIN shows the date-range query using that index', async () => {
    const plan = await explainRangeQuery(await mysql());
    const added = (await indexesOnOrders(await mysql())).filter((name) => !SEEDED_INDEXES.includes(name));
    if (!plan.key || !added.includes(plan.key) || plan.type === 'ALL' || plan.type === 'index') {
      const yours = added.length
        ? `your index${added.length > 1 ? 'es' : ''} ${added.join(', ')} ${added.length > 1 ? 'are' : 'is'} not used`
        : 'there is no index of yours';
      throw new Error(
        `EXPLAIN ${RANGE_QUERY} shows type ${plan.type}, key ${plan.key ?? 'NULL'}, about ${plan.rows} rows read: ${yours}. ` +
          'The WHERE filters on a range of placed_at, so the index must start with placed_at' +
          (fileError ? ` (and ${shown(FILE)} failed: ${fileError})` : '.'),
      );
    }
  });
});
