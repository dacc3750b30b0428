import { describeMongo } from './mongo-under-test';
import { commandsDuring, describeMongoose, type MongooseUnderTest } from './mongoose-under-test';

/** A shop as e-commerce exercises model it: carts keep product ids as strings. */
function shopModels({ m }: MongooseUnderTest) {
  const { Schema } = m;
  const Product = m.model(
    'Product',
    new Schema({ name: { type: String, required: true }, price: Number, stock: { type: Number, min: 0 } }),
  );
  const Cart = m.model(
    'Cart',
    new Schema({ owner: String, lines: [{ productId: String, qty: Number }] }, { timestamps: true }),
  );
  const Order = m.model('Order', new Schema({ owner: String, total: Number }, { timestamps: true }));
  return { Product, Cart, Order };
}

describeMongo('Mongoose aggregation and transactions', (mongo) => {
  describeMongoose(mongo, 'shop', (goose) => {
    let models: ReturnType<typeof shopModels>;
    let kettleId: string;
    beforeAll(async () => {
      models = shopModels(goose);
      await Promise.all([models.Product.init(), models.Cart.init(), models.Order.init()]);
    });
    beforeEach(async () => {
      await Promise.all([
        models.Product.deleteMany({}),
        models.Cart.deleteMany({}),
        models.Order.deleteMany({}),
      ]);
      const [kettle, mug] = await models.Product.create([
        { name: 'kettle', price: 30, stock: 3 },
        { name: 'mug', price: 8, stock: 10 },
      ]);
      kettleId = kettle._id.toString();
      await models.Cart.create({
        owner: 'ada',
        lines: [
          { productId: kettleId, qty: 1 },
          { productId: mug._id.toString(), qty: 2 },
        ],
      });
    });

    it('aggregates a cart total with $toObjectId in a $lookup and $toString on ObjectIds', async () => {
      const [cart] = await models.Cart.aggregate([
        { $match: { owner: 'ada' } },
        { $unwind: '$lines' },
        {
          $lookup: {
            from: models.Product.collection.collectionName,
            let: { pid: { $toObjectId: '$lines.productId' } },
            pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$pid'] } } }],
            as: 'product',
          },
        },
        { $unwind: '$product' },
        {
          $group: {
            _id: { $toString: '$_id' },
            total: { $sum: { $multiply: ['$lines.qty', '$product.price'] } },
            names: { $push: '$product.name' },
          },
        },
      ]);
      expect(cart.total).toBe(46);
      expect(cart.names).toEqual(['kettle', 'mug']);
      expect(typeof cart._id).toBe('string');
      const withIds = await models.Product.aggregate([
        { $project: { _id: 0, id: { $toString: '$_id' }, name: 1 } },
        { $sort: { name: 1 } },
      ]);
      expect(withIds[0]).toEqual({ id: kettleId, name: 'kettle' });
    });

    it('groups and counts with Model.aggregate and countDocuments', async () => {
      await models.Order.create([
        { owner: 'ada', total: 46 },
        { owner: 'ada', total: 8 },
        { owner: 'lin', total: 30 },
      ]);
      const perOwner = await models.Order.aggregate([
        { $group: { _id: '$owner', spent: { $sum: '$total' }, orders: { $sum: 1 } } },
        { $sort: { spent: -1 } },
      ]);
      expect(perOwner).toEqual([
        { _id: 'ada', spent: 54, orders: 2 },
        { _id: 'lin', spent: 30, orders: 1 },
      ]);
      expect(await models.Order.countDocuments({ total: { $gte: 30 } })).toBe(2);
    });

    it('commits a checkout with connection.transaction, and rolls back one that throws', async () => {
      const checkout = (owner: string, fail: boolean) =>
        goose.m.connection.transaction(async (session) => {
          await models.Product.updateOne({ _id: kettleId }, { $inc: { stock: -1 } }, { session });
          await models.Order.create([{ owner, total: 30 }], { session });
          if (fail) throw new Error('payment declined');
        });
      const sent = await commandsDuring(goose, () => checkout('ada', false));
      expect(sent).toEqual(expect.arrayContaining(['update', 'insert', 'commitTransaction']));
      await expect(checkout('lin', true)).rejects.toThrow('payment declined');
      expect((await models.Product.findById(kettleId).lean())!.stock).toBe(2);
      expect(await models.Order.find().lean()).toEqual([expect.objectContaining({ owner: 'ada' })]);
    });

    it('retries conflicting session.withTransaction checkouts until each one applied exactly once', async () => {
      const buy = async (owner: string) => {
        const session = await goose.m.startSession();
        let attempts = 0;
        try {
          await session.withTransaction(async () => {
            attempts += 1;
            const product = await models.Product.findById(kettleId).session(session);
            if (product!.stock! < 1) return;
            product!.stock! -= 1; // read-modify-write through a document save: conflicts for real
            await product!.save({ session });
            await models.Order.create([{ owner, total: product!.price }], { session });
          });
        } finally {
          await session.endSession();
        }
        return attempts;
      };
      const attempts = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(buy));
      console.log(`${goose.label} on ${mongo.service.title}: attempts per checkout ${attempts.join(', ')}`);
      expect((await models.Product.findById(kettleId).lean())!.stock).toBe(0);
      expect(await models.Order.countDocuments()).toBe(3); // three in stock, three sold, no more
    });

    it('aborts on a validation error inside a transaction without writing anything', async () => {
      const attempt = goose.m.connection.transaction(async (session) => {
        await models.Order.create([{ owner: 'ada', total: 8 }], { session });
        await models.Product.updateOne({ _id: kettleId }, { stock: -5 }, { session, runValidators: true });
      });
      await expect(attempt).rejects.toMatchObject({ name: 'ValidationError' });
      expect(await models.Order.countDocuments()).toBe(0);
    });
  });
});
