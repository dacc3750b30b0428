import { MongoServerError } from 'mongodb';
import { describeMongo } from './mongo-under-test';

/** The grader looks for exactly this in an app's log to warn that real MongoDB may behave otherwise. */
const PHRASE = 'not supported by the backlab MongoDB stand-in';

describeMongo('MongoDB service: what the stand-in does not support', (mongo) => {
  const places = () => mongo.db.collection('places');

  beforeAll(async () => {
    await places().drop();
    await places().insertMany([
      { name: 'cafe', loc: { type: 'Point', coordinates: [2.35, 48.85] }, about: 'coffee and cake' },
      { name: 'bar', loc: { type: 'Point', coordinates: [2.3, 48.8] }, about: 'late drinks' },
    ]);
  });

  /**
   * Each attempt fails with the phrase on the stand-in. On MongoDB itself (when its image is here)
   * they are ordinary features, so the same code must not fail with the phrase there.
   */
  const refusals: [string, () => Promise<unknown>][] = [
    [
      '$text search',
      () =>
        places()
          .find({ $text: { $search: 'coffee' } })
          .toArray(),
    ],
    [
      '$near',
      () =>
        places()
          .find({ loc: { $near: { $geometry: { type: 'Point', coordinates: [2.35, 48.85] } } } })
          .toArray(),
    ],
    [
      '$geoWithin',
      () =>
        places()
          .find({ loc: { $geoWithin: { $centerSphere: [[2.35, 48.85], 0.01] } } })
          .toArray(),
    ],
    [
      '$geoNear',
      () =>
        places()
          .aggregate([
            { $geoNear: { near: { type: 'Point', coordinates: [2.35, 48.85] }, distanceField: 'd' } },
          ])
          .toArray(),
    ],
    [
      '$merge',
      () =>
        places()
          .aggregate([{ $merge: { into: 'places_copy' } }])
          .toArray(),
    ],
    [
      'a collection validator',
      () =>
        mongo.db.createCollection('validated', {
          validator: { $jsonSchema: { bsonType: 'object', required: ['name'] } },
        }),
    ],
    [
      '$jsonSchema in a query',
      () =>
        places()
          .find({ $jsonSchema: { required: ['name'] } })
          .toArray(),
    ],
    ['$where (server-side JavaScript)', () => places().find({ $where: 'this.name.length > 2' }).toArray()],
    ['collMod', () => mongo.db.command({ collMod: 'places', validator: { name: { $type: 'string' } } })],
  ];

  it.each(refusals)('refuses %s with the phrase the grader looks for', async (_what, attempt) => {
    if (mongo.server.kind !== 'standin') {
      // Real MongoDB may fail some of these for its own reasons (no geo index), never with the phrase.
      await attempt().catch((err: Error) => expect(err.message).not.toContain(PHRASE));
      return;
    }
    const failing = attempt();
    await expect(failing).rejects.toBeInstanceOf(MongoServerError);
    await expect(failing).rejects.toMatchObject({ message: expect.stringContaining(PHRASE) });
  });

  it('refuses a change stream (watch) with the phrase', async () => {
    if (mongo.server.kind !== 'standin') return; // works on a replica set; nothing to compare
    const stream = places().watch();
    const next = stream.next();
    await expect(next).rejects.toMatchObject({ message: expect.stringContaining(PHRASE) });
    await stream.close();
  });

  it('answers unknown commands and operators with MongoDB codes, and the phrase on the stand-in', async () => {
    const command = mongo.db.command({ frobnicate: 1 });
    await expect(command).rejects.toMatchObject({ code: 59 });
    const query = places().findOne({ name: { $frobnicate: 1 } });
    await expect(query).rejects.toMatchObject({ code: 2 });
    const stage = places()
      .aggregate([{ $frobnicate: {} }])
      .toArray();
    await expect(stage).rejects.toMatchObject({ code: 40324 });
    const expression = places()
      .aggregate([{ $project: { x: { $frobnicate: 1 } } }])
      .toArray();
    await expect(expression).rejects.toMatchObject({ code: 168 });
    if (mongo.server.kind === 'standin') {
      for (const attempt of [command, query, stage, expression]) {
        await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining(PHRASE) });
      }
    }
    // None of this cost the connection.
    expect(await mongo.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});
