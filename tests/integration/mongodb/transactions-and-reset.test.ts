import { ObjectId } from 'mongodb';
import { describeMongo } from './mongo-under-test';

const KETTLE = new ObjectId('64b000000000000000000001'); // seeded with stock 1
const TEAPOT = new ObjectId('64b000000000000000000002'); // seeded with stock 5

describeMongo('MongoDB service: transactions, atomic updates, reset', (mongo) => {
  const products = () => mongo.db.collection('products');
  const sales = () => mongo.db.collection('sales');

  beforeEach(() => mongo.service.reset());

  it('commits a transaction: both writes become visible together', async () => {
    const session = mongo.client.startSession();
    try {
      await session.withTransaction(async () => {
        await products().updateOne({ _id: TEAPOT }, { $inc: { stock: -2 } }, { session });
        await sales().insertOne({ product: TEAPOT, qty: 2 }, { session });
        // Read your own writes inside; nothing visible outside yet.
        expect(await sales().countDocuments({}, { session })).toBe(1);
        expect(await sales().countDocuments({})).toBe(0);
      });
    } finally {
      await session.endSession();
    }
    expect(await products().findOne({ _id: TEAPOT })).toMatchObject({ stock: 3 });
    expect(await sales().countDocuments()).toBe(1);
  });

  it('aborts a transaction: none of its writes remain', async () => {
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      await products().updateOne({ _id: TEAPOT }, { $inc: { stock: -5 } }, { session });
      await sales().insertOne({ product: TEAPOT, qty: 5 }, { session });
      await session.abortTransaction();
      const failing = session.withTransaction(async () => {
        await sales().insertOne({ product: TEAPOT, qty: 1 }, { session });
        throw new Error('payment declined');
      });
      await expect(failing).rejects.toThrow('payment declined');
    } finally {
      await session.endSession();
    }
    expect(await products().findOne({ _id: TEAPOT })).toMatchObject({ stock: 5 });
    expect(await sales().countDocuments()).toBe(0);
  });

  it('lets exactly one of many concurrent conditional decrements win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        products().updateOne({ _id: KETTLE, stock: { $gte: 1 } }, { $inc: { stock: -1 } }),
      ),
    );
    expect(attempts.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
    expect(await products().findOne({ _id: KETTLE })).toMatchObject({ stock: 0 });
  });

  it('lets exactly one of several concurrent checkout transactions buy the last item', async () => {
    const checkout = async (buyer: number): Promise<boolean> => {
      const session = mongo.client.startSession();
      try {
        let bought = false;
        await session.withTransaction(async () => {
          bought = false;
          const taken = await products().updateOne(
            { _id: KETTLE, stock: { $gte: 1 } },
            { $inc: { stock: -1 } },
            { session },
          );
          if (taken.modifiedCount === 0) {
            await session.abortTransaction();
            return;
          }
          await sales().insertOne({ product: KETTLE, buyer }, { session });
          bought = true;
        });
        return bought;
      } finally {
        await session.endSession();
      }
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map(checkout));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await sales().countDocuments({ product: KETTLE })).toBe(1);
    expect(await products().findOne({ _id: KETTLE })).toMatchObject({ stock: 0 });
  });

  it('reset restores the seed data, empties other collections and keeps their indexes', async () => {
    const users = mongo.db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ email: 'ada@example.com' });
    await products().deleteMany({});
    await products().insertOne({ name: 'intruder' });
    const started = Date.now();
    await mongo.service.reset();
    const resetMs = Date.now() - started;
    console.log(`${mongo.service.title}: reset ${resetMs} ms`);
    expect((await products().find().sort({ price: 1 }).toArray()).map((p) => p.name)).toEqual([
      'mug',
      'teapot',
      'kettle',
    ]);
    expect(await users.countDocuments()).toBe(0);
    expect((await users.listIndexes().toArray()).map((i) => i.name)).toContain('email_1');
    await users.insertOne({ email: 'ada@example.com' });
    await expect(users.insertOne({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 11000 });
    expect(resetMs).toBeLessThan(3000);
  });

  it('seed documents without an _id sort by _id before anything the app inserts after the reset', async () => {
    const orders = mongo.db.collection('orders');
    await mongo.service.reset();
    await orders.insertOne({ customerId: 'c2', status: 'new', items: [] });
    const byId = await orders.find().sort({ _id: 1 }).toArray();
    // The seed's three orders first, in the file's order, then the new one.
    expect(byId.map((o) => o.status)).toEqual(['paid', 'paid', 'cancelled', 'new']);
    // Deterministic half: the seed's ObjectIds are dated a second before the reset ran, so an id
    // made after it, even within the same second, is of a later second and cannot sort first by
    // its random part.
    const second = (o: (typeof byId)[number]) =>
      Math.floor((o._id as ObjectId).getTimestamp().getTime() / 1000);
    expect(second(byId[2])).toBeLessThan(second(byId[3]));
  });
});
