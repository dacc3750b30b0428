import { expectBugCaught } from './support/bookshop';

jest.setTimeout(120_000);

test('your tests catch an API that accepts a book without a title', () =>
  expectBugCaught('no-validation', {
    whatIsWrong: 'creates a book from any body, even one without title, author, year or price',
    testThatCatchesIt: 'log in, POST a book without a title (or with year "soon") and expect status 400.',
  }));
