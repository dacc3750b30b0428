// Known-bad: reads a variable the runner does not set, with no fallback. new MongoClient(undefined)
// throws at start, so the app never answers /health.
const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.SHOP_MONGO_CONNECTION);
let db;

async function connect() {
  await client.connect();
  db = client.db('shop');
  return db;
}

function collection(name) {
  if (!db) throw new Error('Call connect() before using the database');
  return db.collection(name);
}

module.exports = { connect, collection };
