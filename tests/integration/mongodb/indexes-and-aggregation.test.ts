import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { describeMongo } from './mongo-under-test';

describeMongo('MongoDB service: unique indexes and aggregation', (mongo) => {
  it('enforces a unique index with E11000 errors shaped as the driver expects', async () => {
    const users = mongo.db.collection('users');
    await users.deleteMany({});
    expect(await users.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    await users.insertOne({ email: 'ada@example.com', name: 'Ada' });
    const duplicate = users.insertOne({ email: 'ada@example.com', name: 'Impostor' });
    await expect(duplicate).rejects.toBeInstanceOf(MongoServerError);
    await expect(duplicate).rejects.toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'ada@example.com' },
      message: expect.stringMatching(
        /^E11000 duplicate key error collection: shop\.users index: email_1 dup key: \{ email: "ada@example\.com" \}/,
      ),
    });
    const bulk = users.insertMany(
      [{ email: 'lin@example.com' }, { email: 'ada@example.com' }, { email: 'bo@example.com' }],
      { ordered: false },
    );
    await expect(bulk).rejects.toBeInstanceOf(MongoBulkWriteError);
    await expect(bulk).rejects.toMatchObject({ code: 11000, insertedCount: 2 });
    const clash = users.updateOne({ email: 'bo@example.com' }, { $set: { email: 'lin@example.com' } });
    await expect(clash).rejects.toMatchObject({ code: 11000 });
    expect(await users.countDocuments()).toBe(3);
    await users.insertOne({ _id: 'fixed' as never, email: 'id@example.com' });
    await expect(
      users.insertOne({ _id: 'fixed' as never, email: 'other@example.com' }),
    ).rejects.toMatchObject({
      code: 11000,
      keyPattern: { _id: 1 },
    });
  });

  it('enforces compound and multikey unique indexes, and refuses to build one over duplicates', async () => {
    const seats = mongo.db.collection('seats');
    await seats.deleteMany({});
    await seats.createIndex({ show: 1, seat: 1 }, { unique: true, name: 'show_seat' });
    await seats.insertMany([
      { show: 1, seat: 'A1' },
      { show: 2, seat: 'A1' },
    ]);
    await expect(seats.insertOne({ show: 1, seat: 'A1' })).rejects.toMatchObject({ code: 11000 });
    const tagged = mongo.db.collection('tagged');
    await tagged.deleteMany({});
    await tagged.createIndex({ tags: 1 }, { unique: true });
    await tagged.insertOne({ tags: ['a', 'b'] });
    await expect(tagged.insertOne({ tags: ['c', 'b'] })).rejects.toMatchObject({ code: 11000 });
    const loose = mongo.db.collection('loose');
    await loose.deleteMany({});
    await loose.insertMany([{ code: 'x' }, { code: 'x' }]);
    await expect(loose.createIndex({ code: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
  });

  it('lists and drops indexes', async () => {
    const seats = mongo.db.collection('seats');
    const indexes = await seats.listIndexes().toArray();
    expect(indexes.map((i) => i.name)).toEqual(['_id_', 'show_seat']);
    expect(indexes[1]).toMatchObject({ key: { show: 1, seat: 1 }, unique: true });
    expect(await seats.createIndex({ show: 1, seat: 1 }, { unique: true, name: 'show_seat' })).toBe(
      'show_seat',
    );
    await seats.dropIndex('show_seat');
    expect((await seats.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    await expect(mongo.db.collection('never_made').listIndexes().toArray()).rejects.toMatchObject({
      code: 26,
    });
  });

  it('aggregates with $match, $unwind, $group, $sort, $lookup and $project', async () => {
    const report = await mongo.db
      .collection('orders')
      .aggregate([
        { $match: { status: 'paid' } },
        { $unwind: '$items' },
        {
          $group: {
            _id: '$customerId',
            spent: { $sum: { $multiply: ['$items.qty', '$items.price'] } },
            lines: { $sum: 1 },
          },
        },
        { $lookup: { from: 'customers', localField: '_id', foreignField: '_id', as: 'customer' } },
        { $unwind: '$customer' },
        { $project: { _id: 0, name: '$customer.name', spent: 1, lines: 1 } },
        { $sort: { spent: -1 } },
      ])
      .toArray();
    expect(report).toEqual([
      { spent: 46, lines: 2, name: 'Ada' },
      { spent: 8, lines: 1, name: 'Lin' },
    ]);
  });

  it('returns a large aggregation through a cursor and leaves stored documents untouched', async () => {
    const rows = await mongo.db
      .collection('products')
      .aggregate([{ $set: { price: { $multiply: ['$price', 100] } } }, { $sort: { price: 1 } }], {
        batchSize: 1,
      })
      .toArray();
    expect(rows.map((r) => r.price)).toEqual([800, 2000, 3000]);
    expect(
      (await mongo.db.collection('products').find().sort({ price: 1 }).toArray()).map((p) => p.price),
    ).toEqual([8, 20, 30]);
  });
});
