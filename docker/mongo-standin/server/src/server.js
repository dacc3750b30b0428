'use strict';
// Runs one command: finds its handler, checks authentication, applies the session rules
// (transactions, retryable writes) and turns any failure into MongoDB's error reply shape.
// Handlers are synchronous, so every command is atomic with respect to every other.
const { CommandError, UNSUPPORTED_PHRASE, asCommandError, unsupported } = require('./errors');
const { CursorRegistry } = require('./cursors');
const { deriveCredential } = require('./scram');
const { Sessions } = require('./sessions');
const { Catalog } = require('./storage/catalog');
const admin = require('./commands/admin');
const handshake = require('./commands/handshake');
const read = require('./commands/read');
const write = require('./commands/write');

/** Run through Sessions, which handles them itself; the handlers only make them known commands. */
const transactionCommands = {
  commitTransaction: { inTransaction: true, run: () => ({ ok: 1 }) },
  abortTransaction: { inTransaction: true, run: () => ({ ok: 1 }) },
};

const HANDLERS = { ...handshake, ...read, ...write, ...admin, ...transactionCommands };
delete HANDLERS.VERSION;

/** MongoDB commands apps and tools do send that the stand-in lacks (the rest may be typos). */
const KNOWN_MONGODB_COMMANDS = new Set([
  'collMod',
  'mapReduce',
  'explain',
  'validate',
  'dbStats',
  'collStats',
  'serverStatus',
  'currentOp',
  'killOp',
  'createUser',
  'updateUser',
  'dropUser',
  'usersInfo',
  'createRole',
  'grantRolesToUser',
  'compact',
  'reIndex',
  'convertToCapped',
  'cloneCollectionAsCapped',
  'geoSearch',
  'bulkWrite',
  'setFeatureCompatibilityVersion',
  'getParameter',
  'setParameter',
  'replSetGetStatus',
  'fsync',
]);

function unknownCommand(name) {
  if (KNOWN_MONGODB_COMMANDS.has(name)) return unsupported(`The ${name} command`);
  return new CommandError(
    'CommandNotFound',
    `no such command: '${name}' (not a MongoDB command, or ${UNSUPPORTED_PHRASE})`,
  );
}

class StandinServer {
  /**
   * @param {{user?: string, password?: string, replicaSet?: string, advertisedHost: string}} config
   */
  constructor(config) {
    this.config = config;
    this.credential = config.user ? deriveCredential(config.user, config.password ?? '') : undefined;
    this.catalog = new Catalog();
    this.cursors = new CursorRegistry();
    this.sessions = new Sessions(this.catalog, Boolean(config.replicaSet));
  }

  /** The reply document for one request from `connection` ({id, user, remote, conversations}). */
  execute(request, connection) {
    const cmd = request.command;
    const name = Object.keys(cmd)[0];
    try {
      const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
      if (!handler) throw unknownCommand(name);
      if (this.credential && handler.auth !== false && !connection.user) {
        throw new CommandError('Unauthorized', `Command ${name} requires authentication`);
      }
      const db = request.db ?? cmd.$db;
      if (typeof db !== 'string' || !db) throw new CommandError('InvalidNamespace', 'the command has no $db');
      return this.sessions.run(cmd, name, handler, (catalog, inTransaction) =>
        handler.run(cmd, {
          db,
          catalog,
          inTransaction,
          base: this.catalog,
          cursors: this.cursors,
          sessions: this.sessions,
          connection,
          server: this,
        }),
      );
    } catch (err) {
      if (!(err instanceof CommandError) && !(err instanceof Error && err.name === 'MingoError')) {
        console.error(`backlab-mongo-standin: internal error in ${name}:`, err);
        return new CommandError('InternalError', `internal error in the stand-in: ${err.message}`).toReply();
      }
      return asCommandError(err).toReply();
    }
  }

  close() {
    clearInterval(this.cursors.sweeper);
  }
}

module.exports = { StandinServer };
