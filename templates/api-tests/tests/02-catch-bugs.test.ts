import { expectBugCaught } from './support/notes-api';

jest.setTimeout(120_000);

test('your tests catch an API that answers 200 with null for a note that does not exist', () =>
  expectBugCaught('missing-404', {
    whatIsWrong: 'answers 200 with null to GET /api/notes/<an id that does not exist>',
    testThatCatchesIt: 'GET /api/notes/999999 and expect status 404.',
  }));

test('your tests catch an API that saves a note without a title', () =>
  expectBugCaught('no-validation', {
    whatIsWrong: 'saves a note without a title',
    testThatCatchesIt: 'POST /api/notes with {"body": "no title"} and expect status 400.',
  }));
