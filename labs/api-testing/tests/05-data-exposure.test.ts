import { expectBugCaught } from './support/bookshop';

jest.setTimeout(120_000);

test("your tests catch an API that sends a user's password hash back", () =>
  expectBugCaught('leaked-field', {
    whatIsWrong:
      'answers POST /api/users and GET /api/me with every field of the user, passwordHash included',
    testThatCatchesIt:
      'register a user and expect the body to have exactly the keys id and email (toEqual, or check that no key mentions password).',
  }));
