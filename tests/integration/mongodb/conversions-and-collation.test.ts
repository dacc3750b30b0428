import { ObjectId, type Document } from 'mongodb';
import { describeMongo } from './mongo-under-test';

const KETTLE = new ObjectId('64b000000000000000000001'); // seeded in products
const TEAPOT = new ObjectId('64b000000000000000000002');
const CASE_INSENSITIVE = { locale: 'en', strength: 2 };

describeMongo('MongoDB service: type conversions and collation', (mongo) => {
  const fresh = async (name: string, docs: Document[] = []) => {
    const collection = mongo.db.collection(name);
    await collection.drop();
    if (docs.length) await collection.insertMany(docs);
    return collection;
  };

  it('converts ObjectIds to strings and back with $toString, $toObjectId and $convert', async () => {
    const [row] = await mongo.db
      .collection('products')
      .aggregate([
        { $match: { _id: KETTLE } },
        {
          $project: {
            _id: 0,
            hex: { $toString: '$_id' },
            back: { $toObjectId: { $toString: '$_id' } },
            converted: { $convert: { input: '$_id', to: 'string' } },
            byNumber: { $convert: { input: '$price', to: 2 } },
            asInt: { $toInt: '42' },
            created: { $toDate: '$_id' },
            day: { $toString: '$addedAt' },
            type: { $type: '$_id' },
          },
        },
      ])
      .toArray();
    expect(row).toEqual({
      hex: '64b000000000000000000001',
      back: KETTLE,
      converted: '64b000000000000000000001',
      byNumber: '30',
      asInt: 42,
      created: KETTLE.getTimestamp(),
      day: '2024-01-02T00:00:00.000Z',
      type: 'objectId',
    });
  });

  it('uses onError and onNull, and fails a bad conversion with ConversionFailure (241)', async () => {
    const rows = await mongo.db
      .collection('products')
      .aggregate([
        { $sort: { price: 1 } },
        {
          $project: {
            _id: 0,
            bad: { $convert: { input: '$name', to: 'objectId', onError: 'not an id' } },
            missing: { $convert: { input: '$addedAt', to: 'string', onNull: 'never added' } },
          },
        },
      ])
      .toArray();
    expect(rows).toEqual([
      { bad: 'not an id', missing: 'never added' },
      { bad: 'not an id', missing: 'never added' },
      { bad: 'not an id', missing: '2024-01-02T00:00:00.000Z' },
    ]);
    const failing = mongo.db
      .collection('products')
      .aggregate([{ $project: { id: { $toObjectId: '$name' } } }])
      .toArray();
    await expect(failing).rejects.toMatchObject({
      code: 241,
      message: expect.stringMatching(/^Failed to parse objectId '\w+' in \$convert with no onError value/),
    });
  });

  it('joins carts that store product ids as strings with $toObjectId in a $lookup pipeline', async () => {
    const carts = await fresh('carts', [
      { owner: 'ada', lines: [{ productId: KETTLE.toHexString(), qty: 1 }] },
      { owner: 'lin', lines: [{ productId: TEAPOT.toHexString(), qty: 2 }] },
    ]);
    const rows = await carts
      .aggregate([
        { $unwind: '$lines' },
        {
          $lookup: {
            from: 'products',
            let: { pid: { $toObjectId: '$lines.productId' } },
            pipeline: [
              { $match: { $expr: { $eq: ['$_id', '$$pid'] } } },
              { $project: { name: 1, price: 1 } },
            ],
            as: 'product',
          },
        },
        { $unwind: '$product' },
        {
          $project: {
            _id: 0,
            owner: 1,
            name: '$product.name',
            total: { $multiply: ['$lines.qty', '$product.price'] },
          },
        },
        { $sort: { owner: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { owner: 'ada', name: 'kettle', total: 30 },
      { owner: 'lin', name: 'teapot', total: 40 },
    ]);
    const byId = await mongo.db
      .collection('products')
      .find({ $expr: { $eq: ['$_id', { $toObjectId: TEAPOT.toHexString() }] } })
      .toArray();
    expect(byId.map((p) => p.name)).toEqual(['teapot']);
  });

  it('matches, counts, updates and deletes case-insensitively under collation strength 2', async () => {
    const people = await fresh('people', [
      { name: 'Ada' },
      { name: 'ADA' },
      { name: 'Adá' },
      { name: 'bob' },
    ]);
    const collation = CASE_INSENSITIVE;
    const found = await people.find({ name: 'ada' }, { collation }).toArray();
    expect(found.map((p) => p.name).sort()).toEqual(['ADA', 'Ada']);
    expect(await people.countDocuments({ name: { $in: ['ada', 'BOB'] } }, { collation })).toBe(3);
    expect(await people.countDocuments({ name: 'ada' })).toBe(0); // no collation: binary comparison
    expect(await people.countDocuments({ name: /^A/ }, { collation })).toBe(3); // regexes ignore collation
    expect(await people.updateMany({ name: 'ada' }, { $set: { seen: true } }, { collation })).toMatchObject({
      modifiedCount: 2,
    });
    expect(await people.deleteOne({ name: 'BOB' }, { collation })).toMatchObject({ deletedCount: 1 });
    const accentBlind = await people.countDocuments(
      { name: 'ada' },
      { collation: { locale: 'en', strength: 1 } },
    );
    expect(accentBlind).toBe(3);
  });

  it('sorts with a collation, and enforces a case-insensitive unique index', async () => {
    const words = await fresh('words', [{ w: 'b' }, { w: 'B' }, { w: 'a' }, { w: 'C' }]);
    const sorted = await words.find({}, { collation: CASE_INSENSITIVE }).sort({ w: 1 }).toArray();
    expect(sorted.map((d) => d.w.toLowerCase())).toEqual(['a', 'b', 'b', 'c']);
    const users = await fresh('ci_users', [{ email: 'ada@example.com' }]);
    await users.createIndex({ email: 1 }, { unique: true, collation: CASE_INSENSITIVE });
    await expect(users.insertOne({ email: 'ADA@Example.com' })).rejects.toMatchObject({ code: 11000 });
    await users.insertOne({ email: 'lin@example.com' });
    const indexes = await users.listIndexes().toArray();
    expect(indexes[1]).toMatchObject({
      name: 'email_1',
      unique: true,
      collation: { locale: 'en', strength: 2 },
    });
  });

  it("applies a collection's default collation to its queries and indexes", async () => {
    await mongo.db.collection('tags').drop();
    const tags = await mongo.db.createCollection('tags', { collation: CASE_INSENSITIVE });
    await tags.createIndex({ label: 1 }, { unique: true });
    await tags.insertOne({ label: 'Urgent' });
    await expect(tags.insertOne({ label: 'URGENT' })).rejects.toMatchObject({ code: 11000 });
    expect(await tags.findOne({ label: 'urgent' })).toMatchObject({ label: 'Urgent' });
    expect(await tags.countDocuments({ label: 'urgent' }, { collation: { locale: 'simple' } })).toBe(0);
  });
});
