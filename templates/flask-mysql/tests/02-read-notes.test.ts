import { app, bodyExcerpt, expectStatus } from 'backlab/kit';
import { createNote, expectErrorBody, uniqueNote, type Note } from './support/notes';

describe('GET /api/notes', () => {
  test('lists every note, oldest first, starting with the welcome note', async () => {
    const first = await createNote(uniqueNote());
    const second = await createNote(uniqueNote());
    const res = await app().get('/api/notes');
    expectStatus(res, 200, 'GET /api/notes');
    const notes = res.body as Note[];
    if (!Array.isArray(notes))
      throw new Error(`GET /api/notes: expected a JSON list of notes, got ${bodyExcerpt(res)}`);
    if (notes[0]?.title !== 'Welcome') {
      throw new Error(
        `GET /api/notes: expected the welcome note from db/schema.sql first, got ${bodyExcerpt(res)}`,
      );
    }
    const ids = notes.map((n) => n.id);
    if (ids.indexOf(first.id) === -1 || ids.indexOf(second.id) < ids.indexOf(first.id)) {
      throw new Error(
        `GET /api/notes: expected notes ${first.id} then ${second.id} (oldest first), got ids ${JSON.stringify(ids)}`,
      );
    }
  });

  test('GET /api/notes/:id answers that note', async () => {
    const note = uniqueNote();
    const saved = await createNote(note);
    const res = await app().get(`/api/notes/${saved.id}`);
    expectStatus(res, 200, `GET /api/notes/${saved.id}`);
    if (res.body?.id !== saved.id || res.body?.title !== note.title || res.body?.body !== note.body) {
      throw new Error(
        `GET /api/notes/${saved.id}: expected ${JSON.stringify({ id: saved.id, ...note })}, got ${bodyExcerpt(res)}`,
      );
    }
  });

  test('GET /api/notes/:id answers 404 {error} for a note that does not exist', async () => {
    const res = await app().get('/api/notes/999999');
    expectStatus(res, 404, 'GET /api/notes/999999 (there is no such note)');
    expectErrorBody(res, 'GET /api/notes/999999');
  });
});
