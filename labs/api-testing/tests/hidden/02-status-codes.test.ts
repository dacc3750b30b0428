import { expectBugCaught } from '../support/bookshop';

jest.setTimeout(120_000);

test('your tests catch an API that answers 200 with null for a book that does not exist', () =>
  expectBugCaught('missing-404', {
    whatIsWrong: 'answers 200 with null to GET /api/books/<an id that does not exist>',
    testThatCatchesIt: 'GET /api/books/999999 and expect status 404.',
  }));
