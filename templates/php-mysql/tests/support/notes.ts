/** Helpers the stage suites share. A support file is not a suite: no stage lists it. */
import { randomBytes } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { app, bodyExcerpt, expectStatus, mysql } from 'backlab/kit';

export interface Note {
  id: number;
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
  if (!Number.isInteger(res.body?.id)) {
    throw new Error(
      `POST /api/notes: expected the new note's "id" (a whole number) in the answer, got ${bodyExcerpt(res)}`,
    );
  }
  return res.body as Note;
}

/** The notes row with this id, read straight from the database. */
export async function noteRow(id: number): Promise<Note | undefined> {
  const db = await mysql();
  const [rows] = await db.execute<RowDataPacket[]>('SELECT id, title, body FROM notes WHERE id = ?', [id]);
  return rows[0] as Note | undefined;
}

/** Asserts an answer of the form {"error": "…"}. */
export function expectErrorBody(res: { body?: unknown; text?: string }, context: string): void {
  const error = (res.body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'string' || error.length === 0) {
    throw new Error(`${context}: expected a JSON body like {"error": "…"}, got ${res.text || '(empty)'}`);
  }
}
