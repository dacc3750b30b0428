'use strict';
// backlab's MongoDB stand-in: a test server that speaks MongoDB's wire protocol for machines where
// no MongoDB server can run. It is NOT MongoDB, and says so in hello, buildInfo and its log.
//
// Settings (environment), named like the official image's where they mean the same:
//   MONGO_INITDB_ROOT_USERNAME / MONGO_INITDB_ROOT_PASSWORD  root user in "admin" (SCRAM-SHA-256);
//                                                            neither set: no authentication
//   BACKLAB_MONGO_REPLICA_SET   answer as the primary of this single-member replica set, which
//                               enables transactions and retryable writes (as in MongoDB)
//   BACKLAB_MONGO_ADVERTISED_HOST  host:port the replica set reports (default <hostname>:27017)
//   BACKLAB_MONGO_PORT          listening port (default 27017)
const net = require('node:net');
const os = require('node:os');
const { StandinServer } = require('./server');
const { serveConnection } = require('./connection');
const { VERSION } = require('./commands/handshake');

function readConfig(env) {
  const user = env.MONGO_INITDB_ROOT_USERNAME || undefined;
  const password = env.MONGO_INITDB_ROOT_PASSWORD || undefined;
  if (Boolean(user) !== Boolean(password)) {
    throw new Error('set both MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD, or neither');
  }
  const port = Number(env.BACKLAB_MONGO_PORT || 27017);
  return {
    user,
    password,
    port,
    replicaSet: env.BACKLAB_MONGO_REPLICA_SET || undefined,
    advertisedHost: env.BACKLAB_MONGO_ADVERTISED_HOST || `${os.hostname()}:${port}`,
  };
}

function main() {
  let config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    console.error(`backlab-mongo-standin: ${err.message}`);
    process.exit(2);
  }
  const server = new StandinServer(config);
  const listener = net.createServer((socket) => serveConnection(socket, server));
  listener.listen(config.port, '0.0.0.0', () => {
    const auth = config.user ? `SCRAM-SHA-256 as ${config.user}` : 'no authentication';
    const topology = config.replicaSet
      ? `replica set ${config.replicaSet} (${config.advertisedHost})`
      : 'standalone';
    console.log(
      `backlab MongoDB stand-in ${VERSION} (NOT MongoDB) listening on port ${config.port}: ${auth}, ${topology}`,
    );
  });
  const stop = () => {
    server.close();
    listener.close(() => process.exit(0));
    // Open client connections would keep close() waiting; the data is in memory anyway.
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
