const { MongoClient } = require('mongodb');

// Loads ./.env for local runs (written by `backlab start`); the environment wins.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone configures the app.
}

// The database name is part of the connection string: mongodb://user:password@host:port/app?…
const client = new MongoClient(process.env.MONGODB_URI || 'mongodb://127.0.0.1:27017/app');

/** The `notes` collection; the client connects on first use. */
function notes() {
  return client.db().collection('notes');
}

module.exports = { notes };
