import { bodyExcerpt, mysql } from 'backlab/kit';
import type { Response } from 'supertest';

export interface Note {
  id: number;
  title: string;
  body: string;
}

export async function noteRow(id: number): Promise<Note> {
  const [rows] = await (await mysql()).execute('SELECT id, title, body FROM notes WHERE id = ?', [id]);
  return (rows as Note[])[0];
}

/** GET /api/notes/:id answered 200 with exactly `note`. */
export function expectNote(res: Response, note: Note, request: string): void {
  if (res.status !== 200)
    throw new Error(`${request}: expected 200, got ${res.status} (body: ${bodyExcerpt(res)})`);
  expect(res.body).toEqual(note);
}
