import { expectBugCaught } from './support/bookshop';

jest.setTimeout(120_000);

test('your tests catch an API whose page 1 is really page 2', () =>
  expectBugCaught('off-by-one', {
    whatIsWrong: 'skips the first page: ?page=1 answers the books of page 2',
    testThatCatchesIt:
      'GET /api/books?page=1&limit=5 and expect the books with ids 1 to 5 (the seeded books come in id order); also that page 2 starts where page 1 ends.',
  }));
