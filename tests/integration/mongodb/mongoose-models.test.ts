import { describeMongo } from './mongo-under-test';
import { commandsDuring, describeMongoose, type MongooseUnderTest } from './mongoose-under-test';

/** The models of a small blog, defined on one Mongoose instance as a learner's app would. */
function blogModels({ m }: MongooseUnderTest) {
  const { Schema } = m;
  const userSchema = new Schema(
    {
      email: { type: String, required: true, unique: true, lowercase: true, trim: true, match: /^\S+@\S+$/ },
      name: { type: String, required: [true, 'name is required'], minlength: 2 },
      age: { type: Number, min: 0, max: 150 },
      role: { type: String, enum: ['reader', 'author'], default: 'reader' },
      handle: {
        type: String,
        validate: { validator: (v: string) => !v.includes(' '), message: 'no spaces' },
      },
    },
    { timestamps: true },
  );
  const postSchema = new Schema(
    {
      title: { type: String, required: true, index: true },
      slug: { type: String, unique: true, sparse: true },
      author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
      reviewers: [{ type: Schema.Types.ObjectId, ref: 'User' }],
      views: { type: Number, default: 0 },
    },
    { timestamps: true },
  );
  postSchema.index({ author: 1, createdAt: -1 });
  return { User: m.model('User', userSchema), Post: m.model('Post', postSchema) };
}

describeMongo('Mongoose models (validators, unique indexes, populate, lean, timestamps)', (mongo) => {
  describeMongoose(mongo, 'blog', (goose) => {
    let models: ReturnType<typeof blogModels>;
    beforeAll(async () => {
      models = blogModels(goose);
      await Promise.all([models.User.init(), models.Post.init()]); // autoIndex: createIndexes
    });
    beforeEach(() => Promise.all([models.User.deleteMany({}), models.Post.deleteMany({})]));

    it('builds the schema indexes at startup (autoIndex) and lists them', async () => {
      const userIndexes = await models.User.collection.indexes();
      expect(userIndexes).toContainEqual(expect.objectContaining({ name: 'email_1', unique: true }));
      const postIndexes = (await models.Post.listIndexes()).map((i) => i.name);
      expect(postIndexes).toEqual(
        expect.arrayContaining(['_id_', 'title_1', 'slug_1', 'author_1_createdAt_-1']),
      );
      expect(goose.commands).toEqual(expect.arrayContaining(['createIndexes']));
    });

    it('validates on the client: invalid documents never reach the server', async () => {
      const sent = await commandsDuring(goose, async () => {
        const invalid = models.User.create({ email: 'not-an-email', name: 'A', age: -1, role: 'admin' });
        await expect(invalid).rejects.toMatchObject({ name: 'ValidationError' });
        const failure = (await invalid.then(
          () => undefined,
          (err: unknown) => err,
        )) as { errors: Record<string, unknown> };
        expect(Object.keys(failure.errors).sort()).toEqual(['age', 'email', 'name', 'role']);
        await expect(models.User.create({ email: 'x@y.z', name: 'Xy', handle: 'a b' })).rejects.toThrow(
          /no spaces/,
        );
      });
      expect(sent).not.toContain('insert');
      const ada = await models.User.create({ email: '  Ada@Example.com ', name: 'Ada', age: 36 });
      expect(ada.email).toBe('ada@example.com');
      const update = models.User.updateOne({ _id: ada._id }, { age: 200 }, { runValidators: true });
      await expect(update).rejects.toMatchObject({ name: 'ValidationError' });
      expect(await models.User.findById(ada._id).lean()).toMatchObject({ age: 36, role: 'reader' });
    });

    it('enforces unique indexes with E11000 errors Mongoose passes on', async () => {
      await models.User.create({ email: 'ada@example.com', name: 'Ada' });
      const duplicate = models.User.create({ email: 'ADA@example.com', name: 'Ada again' });
      await expect(duplicate).rejects.toMatchObject({
        code: 11000,
        keyPattern: { email: 1 },
        keyValue: { email: 'ada@example.com' },
      });
      // sparse unique: many posts without a slug, but not two with the same one.
      const ada = await models.User.findOne({ email: 'ada@example.com' });
      await models.Post.create([
        { title: 'a', author: ada!._id },
        { title: 'b', author: ada!._id },
      ]);
      await models.Post.create({ title: 'c', slug: 'c', author: ada!._id });
      await expect(models.Post.create({ title: 'd', slug: 'c', author: ada!._id })).rejects.toMatchObject({
        code: 11000,
      });
    });

    it('syncs indexes: creates missing ones, drops stray ones, keeps the rest (syncIndexes, createIndexes)', async () => {
      await models.Post.collection.createIndex({ views: 1 }, { name: 'stray_views' });
      await models.Post.collection.dropIndex('title_1');
      // What another tool creates without Mongoose 8's background: true compares equal.
      await models.User.collection.createIndex({ email: 1 }, { unique: true });
      expect(await models.User.syncIndexes()).toEqual([]);
      const dropped = await models.Post.syncIndexes();
      expect(dropped).toEqual(['stray_views']);
      const names = (await models.Post.listIndexes()).map((i) => i.name);
      expect(names).toContain('title_1');
      expect(names).not.toContain('stray_views');
      await models.Post.createIndexes();
      expect(await models.Post.diffIndexes()).toEqual({ toDrop: [], toCreate: [] });
    });

    it('populates references, in documents and in lean results', async () => {
      const [ada, lin] = await models.User.create([
        { email: 'ada@example.com', name: 'Ada' },
        { email: 'lin@example.com', name: 'Lin' },
      ]);
      await models.Post.create({ title: 'Engines', author: ada._id, reviewers: [lin._id, ada._id] });
      const post = await models.Post.findOne({ title: 'Engines' }).populate('author').populate('reviewers');
      expect(post!.get('author.name')).toBe('Ada');
      expect((post!.reviewers as unknown as { name: string }[]).map((r) => r.name)).toEqual(['Lin', 'Ada']);
      const lean = await models.Post.find().populate({ path: 'author', select: 'name -_id' }).lean();
      expect(lean).toHaveLength(1);
      expect(lean[0].author).toEqual({ name: 'Ada' });
      expect(lean[0].constructor).toBe(Object); // lean: plain objects, not Mongoose documents
      const lookups = await commandsDuring(goose, () => models.Post.find().populate('reviewers').lean());
      expect(lookups).toEqual(['find', 'find']); // populate is a second find with $in
    });

    it('keeps timestamps: createdAt once, updatedAt on every change, both on an upsert', async () => {
      const before = new Date();
      const ada = await models.User.create({ email: 'ada@example.com', name: 'Ada' });
      expect(ada.get('createdAt').getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(ada.get('updatedAt')).toEqual(ada.get('createdAt'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await models.User.updateOne({ _id: ada._id }, { $set: { age: 37 } });
      const updated = await models.User.findById(ada._id).lean();
      expect(updated!.createdAt).toEqual(ada.get('createdAt'));
      expect(updated!.updatedAt.getTime()).toBeGreaterThan(updated!.createdAt.getTime());
      const upserted = await models.User.findOneAndUpdate(
        { email: 'new@example.com' },
        { name: 'Newcomer' },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      expect(upserted).toMatchObject({ email: 'new@example.com', name: 'Newcomer' });
      expect(upserted!.createdAt).toBeInstanceOf(Date);
      expect(upserted!.updatedAt).toBeInstanceOf(Date);
      await models.User.updateOne({ _id: ada._id }, { age: 38 }, { timestamps: false });
      expect((await models.User.findById(ada._id).lean())!.updatedAt).toEqual(updated!.updatedAt);
    });
  });
});
