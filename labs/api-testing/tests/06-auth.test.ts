import { expectBugCaught } from './support/bookshop';

jest.setTimeout(120_000);

test('your tests catch an API that lets anyone add a book without logging in', () =>
  expectBugCaught('missing-auth', {
    whatIsWrong: 'accepts POST /api/books without an Authorization header',
    testThatCatchesIt: 'POST a valid book without a token and expect status 401.',
  }));
