import { expectRows, table } from './support/compare-rows';
import { runQueryFile } from './support/run-sql';

jest.setTimeout(30_000);

const FILE = '01-customers-in-lyon.sql';

describe('filter and sort', () => {
  test('01: customers in Lyon, by last name then first name', async () => {
    const expected = table(
      ['id', 'first_name', 'last_name', 'email'],
      [
        [15, 'Sophie', 'Bernard', 'sophie.bernard@example.com'],
        [30, 'Gabriel', 'Bertrand', 'gabriel.bertrand@example.com'],
        [21, 'Lucas', 'Girard', 'lucas.girard@example.com'],
        [9, 'Alain', 'Martin', 'alain.martin@example.com'],
        [4, 'Julie', 'Martin', 'julie.martin@example.com'],
        [26, 'Emma', 'Moreau', 'emma.moreau@example.com'],
      ],
    );
    expectRows(FILE, await runQueryFile(FILE), expected, { orderBy: 'ORDER BY last_name, first_name' });
  });
});
