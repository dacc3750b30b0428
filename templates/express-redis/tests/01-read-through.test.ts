import { app, mysqlSelectsDuring, redis, redisKeysHolding } from 'backlab/kit';
import { expectNote, noteRow } from './support/notes';

describe('GET /api/notes/:id through Redis', () => {
  test('the second GET of a note is answered from Redis, with no SELECT on MySQL', async () => {
    const note = await noteRow(2);
    expectNote(await app().get('/api/notes/2'), note, 'first GET /api/notes/2');
    const { result, selects } = await mysqlSelectsDuring(() => app().get('/api/notes/2'));
    expectNote(result, note, 'second GET /api/notes/2');
    if (selects > 0)
      throw new Error(`The second GET /api/notes/2 ran ${selects} SELECT(s): read Redis first.`);
  });

  test('the cached note expires within 5 minutes', async () => {
    const note = await noteRow(3);
    await app().get('/api/notes/3');
    const [key] = await redisKeysHolding(note.title);
    if (!key) throw new Error(`After GET /api/notes/3 no Redis key holds "${note.title}"`);
    const ttl = await (await redis()).ttl(key);
    if (ttl < 1 || ttl > 300)
      throw new Error(`Redis key "${key}" has a TTL of ${ttl} (-1: none); set one, e.g. EX 60.`);
  });
});
