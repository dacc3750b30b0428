import { MongoClient, MongoServerError, ObjectId } from 'mongodb';
import { DATABASE, describeMongo } from './mongo-under-test';

describeMongo('MongoDB service: handshake, identity, authentication, seeds', (mongo) => {
  it('answers ping, hello and buildInfo, and says which server it is', async () => {
    expect(await mongo.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const hello = await mongo.db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({
      isWritablePrimary: true,
      setName: 'rs0',
      maxWireVersion: expect.any(Number),
    });
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    const info = await mongo.db.admin().command({ buildInfo: 1 });
    expect(mongo.service.version).toBe(info.version);
    if (mongo.server.kind === 'standin') {
      expect(info.version).toBe('7.0.0-backlab-standin');
      expect(info.backlabStandIn).toMatch(/not MongoDB/);
      expect(mongo.service.title).toBe('MongoDB stand-in (not MongoDB)');
      expect(mongo.progress.lines).toContainEqual(
        expect.stringMatching(
          /^ok Starting MongoDB: MongoDB stand-in \(not MongoDB\) ready on 127\.0\.0\.1:\d+ \(backlab\/mongo-standin/,
        ),
      );
    } else {
      expect(info.version).toMatch(/^7\./);
      expect(mongo.service.title).toBe('MongoDB');
      expect(mongo.service.summary()).toMatch(/^MongoDB 7\./);
    }
  });

  it('gives the app the connection settings under the names learners use', () => {
    const env = mongo.service.appEnv({ host: 'mongodb', port: 27017 });
    for (const name of ['MONGODB_URI', 'MONGO_URI', 'MONGO_URL', 'MONGODB_URL', 'DATABASE_URL']) {
      expect(env[name]).toMatch(/^mongodb:\/\/root:[0-9a-f]+@mongodb:27017\/shop\?authSource=admin/);
    }
    expect(env).toMatchObject({ MONGO_DB: DATABASE, MONGODB_DB: DATABASE, DB_NAME: DATABASE });
    expect(mongo.service.kitEnv()).toEqual({
      BACKLAB_MONGODB_URI: env.MONGODB_URI,
      BACKLAB_MONGODB_DATABASE: DATABASE,
    });
  });

  it('rejects a wrong password with AuthenticationFailed (18)', async () => {
    const wrong = mongo.uri.replace(/root:[0-9a-f]+@/, 'root:not-the-password@');
    const client = new MongoClient(wrong, { serverSelectionTimeoutMS: 3000 });
    try {
      await expect(client.connect()).rejects.toMatchObject({ code: 18 });
    } finally {
      await client.close();
    }
  });

  it('refuses work from a connection without credentials with Unauthorized (13), but answers ping', async () => {
    const anonymous = mongo.uri.replace(/root:[0-9a-f]+@/, '');
    const client = await new MongoClient(anonymous, { serverSelectionTimeoutMS: 3000 }).connect();
    try {
      expect(await client.db(DATABASE).command({ ping: 1 })).toMatchObject({ ok: 1 });
      const attempt = client.db(DATABASE).collection('products').findOne({});
      await expect(attempt).rejects.toBeInstanceOf(MongoServerError);
      await expect(attempt).rejects.toMatchObject({ code: 13 });
    } finally {
      await client.close();
    }
  });

  it('inserted the seed file at start, with Extended JSON types kept', async () => {
    const products = await mongo.db.collection('products').find().sort({ price: 1 }).toArray();
    expect(products.map((p) => p.name)).toEqual(['mug', 'teapot', 'kettle']);
    const kettle = products[2];
    expect(kettle._id).toBeInstanceOf(ObjectId);
    expect(kettle._id.toHexString()).toBe('64b000000000000000000001');
    expect(kettle.addedAt).toBeInstanceOf(Date);
    expect((kettle.addedAt as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(await mongo.db.collection('orders').countDocuments()).toBe(3);
  });

  it('lists databases and collections', async () => {
    const { databases } = await mongo.db.admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(DATABASE);
    const names = (await mongo.db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .sort();
    expect(names).toEqual(['customers', 'orders', 'products']);
    expect(await mongo.db.listCollections({ name: 'orders' }).toArray()).toHaveLength(1);
  });

  it('creates and drops collections and databases', async () => {
    await mongo.db.createCollection('made_here');
    await expect(mongo.db.createCollection('made_here')).rejects.toMatchObject({ code: 48 });
    expect(await mongo.db.collection('made_here').drop()).toBe(true);
    const scratch = mongo.client.db('scratch_db');
    await scratch.collection('things').insertOne({ a: 1 });
    expect((await mongo.db.admin().listDatabases()).databases.map((d) => d.name)).toContain('scratch_db');
    await scratch.dropDatabase();
    expect((await mongo.db.admin().listDatabases()).databases.map((d) => d.name)).not.toContain('scratch_db');
  });

  it('ends sessions when the client closes', async () => {
    const seen: string[] = [];
    const client = await mongo.newClient({ monitorCommands: true }).connect();
    client.on('commandSucceeded', (event) => seen.push(event.commandName));
    const session = client.startSession();
    await client.db(DATABASE).collection('products').findOne({}, { session });
    await session.endSession();
    await client.close();
    expect(seen).toEqual(expect.arrayContaining(['find', 'endSessions']));
  });
});
