const { MongoClient } = require('mongodb');

// Loads ./.env for local runs; variables already in the environment win.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone configures the app.
}

const env = process.env;
const uri = env.MONGODB_URI || env.MONGO_URL || env.MONGO_URI || 'mongodb://127.0.0.1:27017/shop';

const client = new MongoClient(uri);
let db;

/** The database named in the connection string ("mongodb://host/shop"), else a variable, else "shop". */
function databaseName() {
  const inUri = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^/?]+)/.exec(uri)?.[1];
  return (inUri && decodeURIComponent(inUri)) || env.MONGODB_DATABASE || env.MONGO_DATABASE || 'shop';
}

async function connect() {
  await client.connect();
  db = client.db(databaseName());
  return db;
}

function collection(name) {
  if (!db) throw new Error('Call connect() before using the database');
  return db.collection(name);
}

module.exports = { connect, collection };
