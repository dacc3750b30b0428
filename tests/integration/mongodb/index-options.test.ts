import { describeMongo } from './mongo-under-test';

describeMongo('MongoDB service: index options and conflicts', (mongo) => {
  const fresh = async (name: string) => {
    const collection = mongo.db.collection(name);
    await collection.drop();
    await mongo.db.createCollection(name);
    return collection;
  };

  it('ignores creation-time options such as background when comparing indexes', async () => {
    const users = await fresh('opt_users');
    // Mongoose 8 sends background: true; Mongoose 9, the shell and the driver do not.
    expect(await users.createIndex({ email: 1 }, { unique: true, background: true })).toBe('email_1');
    expect(await users.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    expect(await users.createIndex({ email: 1 }, { unique: true, background: false })).toBe('email_1');
    const reply = await mongo.db.command({
      createIndexes: 'opt_users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    expect(reply).toMatchObject({ ok: 1, numIndexesBefore: 2, numIndexesAfter: 2 });
    // false is the same as absent for unique and sparse.
    expect(await users.createIndex({ name: 1 }, { sparse: false })).toBe('name_1');
    expect(await users.createIndex({ name: 1 })).toBe('name_1');
  });

  it('refuses the same name with other defining options (85) or another key (86)', async () => {
    const users = await fresh('opt_conflicts');
    await users.createIndex({ email: 1 }, { unique: true });
    await expect(users.createIndex({ email: 1 }, { name: 'email_1' })).rejects.toMatchObject({
      code: 85,
      codeName: 'IndexOptionsConflict',
    });
    await expect(users.createIndex({ email: 1 }, { unique: true, sparse: true })).rejects.toMatchObject({
      code: 85,
    });
    await expect(users.createIndex({ login: 1 }, { name: 'email_1' })).rejects.toMatchObject({
      code: 86,
      codeName: 'IndexKeySpecsConflict',
    });
    await users.createIndex({ seen: 1 }, { expireAfterSeconds: 60 });
    await expect(users.createIndex({ seen: 1 }, { expireAfterSeconds: 120 })).rejects.toMatchObject({
      code: 85,
    });
  });

  it('refuses an identical index under another name, but allows other collations and filters', async () => {
    const users = await fresh('opt_names');
    await users.createIndex({ email: 1 }, { unique: true });
    await expect(users.createIndex({ email: 1 }, { unique: true, name: 'by_email' })).rejects.toMatchObject({
      code: 85,
      message: 'Index already exists with a different name: email_1',
    });
    await expect(users.createIndex({ email: 1 }, { name: 'loose_email' })).rejects.toMatchObject({
      code: 85,
    });
    // Collation and partialFilterExpression make another index on the same key.
    await users.createIndex({ email: 1 }, { name: 'email_ci', collation: { locale: 'en', strength: 2 } });
    await users.createIndex(
      { email: 1 },
      { name: 'active_email', partialFilterExpression: { active: true }, unique: true },
    );
    const names = (await users.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'email_1', 'email_ci', 'active_email']);
  });
});
