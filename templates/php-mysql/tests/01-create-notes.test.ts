import { app, bodyExcerpt, expectStatus } from 'backlab/kit';
import { createNote, expectErrorBody, noteRow, uniqueNote } from './support/notes';

describe('POST /api/notes', () => {
  test('answers 201 with the saved note {id, title, body}', async () => {
    const note = uniqueNote();
    const saved = await createNote(note);
    if (saved.title !== note.title || saved.body !== note.body) {
      throw new Error(
        `POST /api/notes: expected title ${JSON.stringify(note.title)} and body ${JSON.stringify(note.body)} back, got ${JSON.stringify(saved)}`,
      );
    }
  });

  test('saves the note in the notes table', async () => {
    const note = uniqueNote();
    const saved = await createNote(note);
    const row = await noteRow(saved.id);
    if (!row)
      throw new Error(`POST /api/notes answered id ${saved.id}, but the notes table has no row with that id`);
    if (row.title !== note.title) {
      throw new Error(
        `notes row ${saved.id}: expected title ${JSON.stringify(note.title)}, got ${JSON.stringify(row.title)}`,
      );
    }
  });

  test('makes body optional (an empty string)', async () => {
    const { title } = uniqueNote();
    const res = await app().post('/api/notes').send({ title });
    expectStatus(res, 201, 'POST /api/notes without "body"');
    if (res.body?.body !== '')
      throw new Error(
        `POST /api/notes without "body": expected "body": "" in the answer, got ${bodyExcerpt(res)}`,
      );
  });

  test('rejects a note without a title with 400 {error}', async () => {
    const res = await app().post('/api/notes').send({ body: 'no title here' });
    expectStatus(res, 400, 'POST /api/notes without "title"');
    expectErrorBody(res, 'POST /api/notes without "title"');
  });
});
