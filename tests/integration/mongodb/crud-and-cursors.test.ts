import { MongoServerError, type Document, type ObjectId } from 'mongodb';

/** The driver types _id filters as ObjectIds; these tests also use string and number ids. */
const id = (value: string | number) => value as unknown as ObjectId;

interface Cart {
  _id: string;
  owner: string;
  total: number;
  items?: { sku: string; qty: number }[];
  checked?: boolean;
  createdBy?: string;
}
import { DATABASE, describeMongo } from './mongo-under-test';

describeMongo('MongoDB service: CRUD, cursors, counts', (mongo) => {
  const fresh = async (name: string, docs: Document[] = []) => {
    const collection = mongo.db.collection(name);
    await collection.deleteMany({});
    if (docs.length) await collection.insertMany(docs);
    return collection;
  };

  it('finds with filters, sort, skip, limit and projection', async () => {
    const people = await fresh('people', [
      { name: 'ada', age: 36, city: 'London' },
      { name: 'lin', age: 28, city: 'Paris' },
      { name: 'bo', age: 41, city: 'London' },
      { name: 'cy', age: 19, city: 'Rome' },
    ]);
    const found = await people
      .find({ age: { $gte: 20 }, city: { $in: ['London', 'Paris'] } }, { projection: { _id: 0, name: 1 } })
      .sort({ age: -1 })
      .skip(1)
      .limit(2)
      .toArray();
    expect(found).toEqual([{ name: 'ada' }, { name: 'lin' }]);
    expect(await people.findOne({ name: /^b/ })).toMatchObject({ name: 'bo', age: 41 });
    expect(await people.findOne({ $or: [{ age: { $lt: 20 } }, { city: 'Nowhere' }] })).toMatchObject({
      name: 'cy',
    });
  });

  it('hands out a large result in batches with getMore, and kills an abandoned cursor', async () => {
    await fresh(
      'many',
      Array.from({ length: 250 }, (_, i) => ({ i })),
    );
    const commands: string[] = [];
    const client = await mongo.newClient({ monitorCommands: true }).connect();
    client.on('commandSucceeded', (event) => commands.push(event.commandName));
    try {
      const many = client.db(DATABASE).collection('many');
      const all = await many.find({}, { batchSize: 10 }).sort({ i: 1 }).toArray();
      expect(all.map((d) => d.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));
      expect(commands.filter((c) => c === 'getMore')).toHaveLength(24);
      const cursor = many.find({}, { batchSize: 5 });
      expect(await cursor.next()).toMatchObject({ i: 0 });
      await cursor.close();
      expect(commands).toContain('killCursors');
    } finally {
      await client.close();
    }
  });

  it('updates with operators, positional $, arrayFilters, replacement and upsert', async () => {
    const carts = mongo.db.collection<Cart>('carts');
    await carts.deleteMany({});
    await carts.insertMany([
      {
        _id: 'a',
        owner: 'ada',
        total: 10,
        items: [
          { sku: 'pen', qty: 1 },
          { sku: 'ink', qty: 2 },
        ],
      },
      { _id: 'b', owner: 'lin', total: 0, items: [] },
    ]);
    const inc = await carts.updateOne(
      { _id: 'a' },
      { $inc: { total: 5 }, $push: { items: { sku: 'pad', qty: 1 } } },
    );
    expect(inc).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    await carts.updateOne({ _id: 'a', 'items.sku': 'ink' }, { $set: { 'items.$.qty': 7 } });
    await carts.updateOne(
      { _id: 'a' },
      { $inc: { 'items.$[small].qty': 10 } },
      { arrayFilters: [{ 'small.qty': { $lt: 2 } }] },
    );
    expect((await carts.findOne({ _id: 'a' }))?.items).toEqual([
      { sku: 'pen', qty: 11 },
      { sku: 'ink', qty: 7 },
      { sku: 'pad', qty: 11 },
    ]);
    const same = await carts.updateOne({ _id: 'b' }, { $set: { total: 0 } });
    expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const many = await carts.updateMany({}, { $set: { checked: true } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    await carts.replaceOne({ _id: 'b' }, { owner: 'lin', total: 3 });
    expect(await carts.findOne({ _id: 'b' })).toEqual({ _id: 'b', owner: 'lin', total: 3 });
    const upsert = await carts.updateOne(
      { owner: 'new' },
      { $set: { total: 1 }, $setOnInsert: { createdBy: 'upsert' } },
      { upsert: true },
    );
    expect(upsert.upsertedCount).toBe(1);
    expect(await carts.findOne({ _id: upsert.upsertedId! })).toMatchObject({
      owner: 'new',
      total: 1,
      createdBy: 'upsert',
    });
    await carts.updateOne(
      { owner: 'new' },
      { $set: { total: 2 }, $setOnInsert: { createdBy: 'again' } },
      { upsert: true },
    );
    expect(await carts.findOne({ owner: 'new' })).toMatchObject({ total: 2, createdBy: 'upsert' });
  });

  it('refuses to change _id with ImmutableField (66)', async () => {
    const things = await fresh('things', [{ _id: id(1), a: 1 }]);
    const attempt = things.updateOne({ _id: id(1) }, { $set: { _id: id(2) } });
    await expect(attempt).rejects.toBeInstanceOf(MongoServerError);
    await expect(attempt).rejects.toMatchObject({ code: 66 });
  });

  it('deletes one or many', async () => {
    const logs = await fresh('logs', [{ level: 'info' }, { level: 'info' }, { level: 'error' }]);
    expect(await logs.deleteOne({ level: 'info' })).toMatchObject({ deletedCount: 1 });
    expect(await logs.deleteMany({ level: { $in: ['info', 'error'] } })).toMatchObject({ deletedCount: 2 });
    expect(await logs.countDocuments()).toBe(0);
  });

  it('findOneAndUpdate returns the new or the old document; findOneAndDelete/Replace work', async () => {
    const counters = await fresh('counters', [{ _id: id('orders'), seq: 41 }]);
    expect(
      await counters.findOneAndUpdate(
        { _id: id('orders') },
        { $inc: { seq: 1 } },
        { returnDocument: 'after' },
      ),
    ).toEqual({
      _id: 'orders',
      seq: 42,
    });
    expect(await counters.findOneAndUpdate({ _id: id('orders') }, { $inc: { seq: 1 } })).toEqual({
      _id: 'orders',
      seq: 42,
    });
    expect(
      await counters.findOneAndUpdate(
        { _id: id('invoices') },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      ),
    ).toEqual({ _id: id('invoices'), seq: 1 });
    expect(
      await counters.findOneAndReplace({ _id: id('invoices') }, { seq: 100 }, { returnDocument: 'after' }),
    ).toEqual({
      _id: 'invoices',
      seq: 100,
    });
    expect(
      await counters.findOneAndDelete({ _id: id('orders') }, { projection: { seq: 1, _id: 0 } }),
    ).toEqual({
      seq: 43,
    });
    expect(await counters.findOneAndUpdate({ _id: id('missing') }, { $set: { x: 1 } })).toBeNull();
  });

  it('counts and lists distinct values', async () => {
    const products = mongo.db.collection('products');
    expect(await products.countDocuments({ price: { $lt: 25 } })).toBe(2);
    expect(await products.countDocuments({}, { limit: 1 })).toBe(1);
    expect(await products.estimatedDocumentCount()).toBe(3);
    expect((await products.distinct('tags')).sort()).toEqual(['kitchen', 'tea']);
    expect(await products.distinct('name', { stock: { $gt: 1 } })).toEqual(
      expect.arrayContaining(['teapot', 'mug']),
    );
  });

  it('answers an unknown operator with a server error, not a dropped connection', async () => {
    const attempt = mongo.db.collection('products').findOne({ price: { $bogus: 1 } });
    await expect(attempt).rejects.toBeInstanceOf(MongoServerError);
    expect(await mongo.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});
