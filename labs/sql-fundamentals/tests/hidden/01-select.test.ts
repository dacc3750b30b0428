import { expectSameAsReferenceAfter } from './support/reference';

jest.setTimeout(30_000);

describe('filter and sort (hidden)', () => {
  test('01 still fits after new customers move in', async () => {
    await expectSameAsReferenceAfter('01-customers-in-lyon.sql', [
      `INSERT INTO customers (first_name, last_name, email, city, joined_on) VALUES
         ('Bruno', 'Martin', 'bruno.martin@example.com', 'Lyon', '2024-07-01'),
         ('Zoe', 'Aubert', 'zoe.aubert@example.com', 'Lyon', '2024-07-02'),
         ('Marc', 'Durand', 'marc.durand@example.com', 'Villeurbanne', '2024-07-03')`,
    ]);
  });
});
