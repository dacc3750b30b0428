'use strict';
// Readiness and reset of a lab's MongoDB, run with the official driver inside a short-lived
// container on the run's network. One program for both servers backlab starts (the official image
// and the stand-in), so both are probed and seeded the same way. Plain JavaScript: it runs as is
// from the source tree and from an installed package, with the driver from backlab's node_modules.
//
// Environment: BACKLAB_ADMIN_ACTION (ready | reset), BACKLAB_ADMIN_URI, BACKLAB_ADMIN_DATABASE,
// BACKLAB_ADMIN_TIMEOUT_MS, BACKLAB_ADMIN_SEEDS (JSON [{path, label}]), and for a replica set to
// initiate: BACKLAB_ADMIN_REPLICA_SET, BACKLAB_ADMIN_MEMBER (host:port).
// Prints one line "BACKLAB_ADMIN_RESULT {json}" on success; on failure a message on stderr, exit 1.
const { readFileSync } = require('node:fs');
const { MongoClient, BSON } = require('mongodb');

const env = process.env;
const started = Date.now();
const deadline = started + Number(env.BACKLAB_ADMIN_TIMEOUT_MS || 30000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class AdminError extends Error {}

/** A connected client once `ping` succeeds with the run's credentials; retried until the deadline. */
async function connect() {
  let lastError;
  while (Date.now() < deadline) {
    const client = new MongoClient(env.BACKLAB_ADMIN_URI, {
      serverSelectionTimeoutMS: 500,
      connectTimeoutMS: 500,
      appName: 'backlab-admin',
    });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return client;
    } catch (err) {
      lastError = err;
      await client.close().catch(() => undefined);
      // Wrong credentials will not fix themselves.
      if (err && err.code === 18) break;
      await sleep(100);
    }
  }
  throw new AdminError(
    `did not answer ping with the run's credentials: ${lastError ? lastError.message : 'no attempt finished'}`,
  );
}

/** The official image starts as an uninitiated replica set member; make it a primary of one. */
async function ensurePrimary(client) {
  const setName = env.BACKLAB_ADMIN_REPLICA_SET;
  if (!setName) return;
  const admin = client.db('admin');
  let hello = await admin.command({ hello: 1 });
  if (!hello.setName) {
    await admin.command({
      replSetInitiate: { _id: setName, members: [{ _id: 0, host: env.BACKLAB_ADMIN_MEMBER }] },
    });
  }
  while (!hello.isWritablePrimary) {
    if (Date.now() > deadline) throw new AdminError(`replica set ${setName} has no primary yet`);
    await sleep(100);
    hello = await admin.command({ hello: 1 });
  }
}

function readSeeds() {
  const seeds = JSON.parse(env.BACKLAB_ADMIN_SEEDS || '[]');
  return seeds.map(({ path, label }) => {
    let data;
    try {
      // Extended JSON ({"$oid": ...}, {"$date": ...}) is allowed; plain JSON is Extended JSON too.
      data = BSON.EJSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new AdminError(`seed file ${label}: ${err.message}`);
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw new AdminError(
        `seed file ${label}: expected an object mapping collection names to lists of documents`,
      );
    }
    return { label, data };
  });
}

/**
 * Seed documents without an _id get an ObjectId dated one second back. An ObjectId starts with its
 * second, then a per-process random value: ids made by the app in the same second as the seed would
 * sort before or after it by chance, and "sort by _id" is how learners list oldest first. Dating
 * the seed back keeps it older than anything the app creates; the counter keeps the seed's order.
 */
function withSeedIds(docs) {
  const second = Math.floor(Date.now() / 1000) - 1;
  return docs.map((doc) =>
    doc && typeof doc === 'object' && !('_id' in doc)
      ? { _id: new BSON.ObjectId(BSON.ObjectId.generate(second)), ...doc }
      : doc,
  );
}

async function applySeeds(db, seeds) {
  for (const { label, data } of seeds) {
    for (const [collection, docs] of Object.entries(data)) {
      if (!Array.isArray(docs))
        throw new AdminError(`seed file ${label}: "${collection}" must be a list of documents`);
      if (!docs.length) continue;
      try {
        await db.collection(collection).insertMany(withSeedIds(docs), { ordered: true });
      } catch (err) {
        throw new AdminError(`seed file ${label}, collection ${collection}: ${err.message}`);
      }
    }
  }
}

/** Empties every collection but keeps it and its indexes: apps create unique indexes once, at start. */
async function emptyDatabase(db) {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name, type } of collections) {
    if (type === 'collection' && !name.startsWith('system.')) await db.collection(name).deleteMany({});
  }
}

async function main() {
  const action = env.BACKLAB_ADMIN_ACTION;
  if (action !== 'ready' && action !== 'reset') throw new AdminError(`unknown action ${action}`);
  const seeds = readSeeds();
  const client = await connect();
  try {
    if (action === 'ready') await ensurePrimary(client);
    const db = client.db(env.BACKLAB_ADMIN_DATABASE);
    if (action === 'reset') await emptyDatabase(db);
    await applySeeds(db, seeds);
    const info = await client.db('admin').command({ buildInfo: 1 });
    const result = { version: info.version, standIn: Boolean(info.backlabStandIn), ms: Date.now() - started };
    console.log(`BACKLAB_ADMIN_RESULT ${JSON.stringify(result)}`);
  } finally {
    await client.close();
  }
}

main().catch((err) => {
  console.error(
    err instanceof AdminError ? err.message : `unexpected error: ${err && err.stack ? err.stack : err}`,
  );
  process.exit(1);
});
