/** Helpers the stage suites share. A support file is not a suite: no stage lists it. */
import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { app, bodyExcerpt, expectStatus, mongo } from 'backlab/kit';

export interface Note {
  id: string;
  title: string;
  body: string;
}

/** A note no other test uses, so tests never depend on each other's data. */
export function uniqueNote(): { title: string; body: string } {
  const tag = randomBytes(4).toString('hex');
  return { title: `Shopping list ${tag}`, body: `Milk, eggs and ${tag}` };
}

/** POST /api/notes that must succeed; returns the note as the app answered it. */
export async function createNote(note: { title: string; body?: string }): Promise<Note> {
  const res = await app().post('/api/notes').send(note);
  expectStatus(res, 201, `POST /api/notes with ${JSON.stringify(note)}`);
  if (typeof res.body?.id !== 'string' || !ObjectId.isValid(res.body.id)) {
    throw new Error(
      `POST /api/notes: expected the new note's "id" (its _id as a string) in the answer, got ${bodyExcerpt(res)}`,
    );
  }
  return res.body as Note;
}

/** The stored note with this id, read straight from the database. */
export async function storedNote(id: string): Promise<{ title: string; body: string } | null> {
  const db = await mongo();
  return db.collection<{ title: string; body: string }>('notes').findOne({ _id: new ObjectId(id) } as object);
}

/** Asserts an answer of the form {"error": "…"}. */
export function expectErrorBody(res: { body?: unknown; text?: string }, context: string): void {
  const error = (res.body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'string' || error.length === 0) {
    throw new Error(`${context}: expected a JSON body like {"error": "…"}, got ${res.text || '(empty)'}`);
  }
}
