import { expectCaught } from './support/bookshop';

jest.setTimeout(120_000);

test('your tests catch an API that lets anyone add a book without logging in', () =>
  expectCaught(
    'missing-auth',
    'accepts POST /api/books without an Authorization header',
    'POST a valid book without a token and expect status 401.',
  ));
