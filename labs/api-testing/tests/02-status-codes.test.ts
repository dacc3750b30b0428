import { expectBugCaught } from './support/bookshop';

jest.setTimeout(120_000);

test('your tests catch an API that answers 200 instead of 201 when a book is created', () =>
  expectBugCaught('wrong-status', {
    whatIsWrong: 'answers 200 instead of 201 to POST /api/books',
    testThatCatchesIt: 'log in, POST a valid book and expect status 201 (not just "2xx").',
  }));
