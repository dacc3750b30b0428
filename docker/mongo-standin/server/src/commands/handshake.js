'use strict';
// Handshake, authentication and server information. Every reply that describes the server says
// it is the backlab stand-in, so it cannot be mistaken for MongoDB.
const { ObjectId } = require('bson');
const { CommandError } = require('../errors');
const { MECHANISM, ScramConversation } = require('../scram');

const VERSION = '7.0.0-backlab-standin';
/** MongoDB 7.0's wire version: the drivers' feature switches follow it. */
const MAX_WIRE_VERSION = 21;
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');
const NOTE = 'backlab MongoDB stand-in, not MongoDB: a test server for machines that cannot run MongoDB';

function helloReply(cmd, ctx, legacy) {
  const { config } = ctx.server;
  const reply = {
    ...(cmd.helloOk ? { helloOk: true } : {}),
    [legacy ? 'ismaster' : 'isWritablePrimary']: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
  if (config.replicaSet) {
    Object.assign(reply, {
      setName: config.replicaSet,
      setVersion: 1,
      hosts: [config.advertisedHost],
      primary: config.advertisedHost,
      me: config.advertisedHost,
      secondary: false,
      electionId: ELECTION_ID,
    });
  }
  const mechsFor = typeof cmd.saslSupportedMechs === 'string' ? cmd.saslSupportedMechs : undefined;
  if (mechsFor && ctx.server.credential && mechsFor === `admin.${ctx.server.credential.user}`) {
    reply.saslSupportedMechs = [MECHANISM];
  }
  return { ...reply, backlabStandIn: NOTE, ok: 1 };
}

const noAuth = { auth: false, inTransaction: true };

const hello = { ...noAuth, run: (cmd, ctx) => helloReply(cmd, ctx, false) };
const isMaster = { ...noAuth, run: (cmd, ctx) => helloReply(cmd, ctx, true) };

const ping = { ...noAuth, run: () => ({ ok: 1 }) };

const buildInfo = {
  ...noAuth,
  run: () => ({
    version: VERSION,
    gitVersion: 'backlab-mongo-standin',
    versionArray: [7, 0, 0, -100],
    modules: [],
    allocator: 'system',
    javascriptEngine: 'none',
    sysInfo: 'deprecated',
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['backlab-memory'],
    backlabStandIn: NOTE,
    ok: 1,
  }),
};

const saslStart = {
  auth: false,
  run(cmd, ctx) {
    const { credential } = ctx.server;
    if (!credential)
      throw new CommandError('AuthenticationFailed', 'Authentication is not enabled on this server.');
    if (cmd.mechanism !== MECHANISM) {
      throw new CommandError(
        'AuthenticationFailed',
        `Unsupported mechanism ${cmd.mechanism}: the stand-in supports ${MECHANISM} only (the drivers' default).`,
      );
    }
    // The user lives in the admin database: authSource=admin, as with the official image.
    if (ctx.db !== 'admin') throw new CommandError('AuthenticationFailed', 'Authentication failed.');
    const conversation = new ScramConversation(credential, cmd.options?.skipEmptyExchange === true);
    const step = conversation.start(cmd.payload);
    const id = ctx.connection.nextConversationId++;
    ctx.connection.conversations.set(id, conversation);
    return { conversationId: id, ...step, ok: 1 };
  },
};

const saslContinue = {
  auth: false,
  run(cmd, ctx) {
    const id = Number(cmd.conversationId);
    const conversation = ctx.connection.conversations.get(id);
    if (!conversation) throw new CommandError('AuthenticationFailed', 'Authentication failed.');
    let step;
    try {
      step = conversation.continue(cmd.payload);
    } catch (err) {
      ctx.connection.conversations.delete(id);
      throw err;
    }
    if (conversation.succeeded) ctx.connection.user = conversation.credential.user;
    if (step.done) ctx.connection.conversations.delete(id);
    return { conversationId: id, ...step, ok: 1 };
  },
};

const connectionStatus = {
  auth: false,
  run(_cmd, ctx) {
    const user = ctx.connection.user;
    return {
      authInfo: {
        authenticatedUsers: user ? [{ user, db: 'admin' }] : [],
        authenticatedUserRoles: user ? [{ role: 'root', db: 'admin' }] : [],
      },
      ok: 1,
    };
  },
};

const logout = {
  auth: false,
  run(_cmd, ctx) {
    ctx.connection.user = undefined;
    return { ok: 1 };
  },
};

const whatsmyuri = { auth: false, run: (_cmd, ctx) => ({ you: ctx.connection.remote, ok: 1 }) };

const endSessions = {
  auth: false,
  run(cmd, ctx) {
    ctx.sessions.end(cmd.endSessions ?? []);
    return { ok: 1 };
  },
};

module.exports = {
  VERSION,
  hello,
  isMaster,
  ismaster: isMaster,
  ping,
  buildInfo,
  buildinfo: buildInfo,
  saslStart,
  saslContinue,
  connectionStatus,
  logout,
  whatsmyuri,
  endSessions,
};
