import { app, mysqlSelectsDuring } from 'backlab/kit';
import { expectNote, noteRow } from './support/notes';

describe('PUT /api/notes/:id and the cache', () => {
  test('after a PUT, the next GET answers the new title', async () => {
    await app().get('/api/notes/1');
    expect((await app().put('/api/notes/1').send({ title: 'Hello again' })).status).toBe(200);
    const res = await app().get('/api/notes/1');
    expectNote(res, await noteRow(1), 'GET /api/notes/1 after PUT');
    expect(res.body.title).toBe('Hello again');
  });

  test('after a PUT, the note is cached again', async () => {
    await app().get('/api/notes/2');
    await app().put('/api/notes/2').send({ title: 'Groceries' });
    await app().get('/api/notes/2');
    const { selects } = await mysqlSelectsDuring(() => app().get('/api/notes/2'));
    if (selects > 0)
      throw new Error(`GET /api/notes/2, read twice since the PUT, still ran ${selects} SELECT(s)`);
  });
});
