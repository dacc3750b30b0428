'use strict';
// Writes: insert, update, delete, findAndModify. Each command runs to completion before the next
// one starts, so a conditional update such as {stock: {$gte: 1}} + {$inc: {stock: -1}} is atomic.
const { CommandError, asCommandError } = require('../errors');
const { effectiveCollation, firstMatch, matcher, projectOne } = require('../query');
const { applyUpdate, upsertSeed, updateKind } = require('../update');

function collectionName(cmd, name) {
  const value = cmd[name];
  if (typeof value !== 'string' || !value) {
    throw new CommandError(
      'InvalidNamespace',
      `collection name must be a non-empty string, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Runs each statement of a write command; a failing statement becomes a writeErrors entry and,
 * when the command is ordered (the default), stops the ones after it.
 */
function eachStatement(cmd, statements, run) {
  const writeErrors = [];
  const ordered = cmd.ordered !== false;
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (err) {
      // A transaction's write conflict fails the whole command (with its TransientTransactionError
      // label, so the driver retries the transaction), never just one statement.
      if (err instanceof CommandError && err.extra.errorLabels) throw err;
      writeErrors.push(asCommandError(err).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withWriteErrors(reply, writeErrors) {
  return writeErrors.length ? { ...reply, writeErrors } : reply;
}

const insert = {
  inTransaction: true,
  write: true,
  run(cmd, ctx) {
    const collection = ctx.catalog.getOrCreate(ctx.db, collectionName(cmd, 'insert'));
    let n = 0;
    const writeErrors = eachStatement(cmd, cmd.documents ?? [], (doc) => {
      collection.insert(doc);
      n += 1;
    });
    return withWriteErrors({ n, ok: 1 }, writeErrors);
  },
};

const update = {
  inTransaction: true,
  write: true,
  run(cmd, ctx) {
    const name = collectionName(cmd, 'update');
    let n = 0;
    let nModified = 0;
    const upserted = [];
    const writeErrors = eachStatement(cmd, cmd.updates ?? [], (statement, index) => {
      const collection = ctx.catalog.get(ctx.db, name);
      const test = matcher(statement.q, statement, collection);
      const matches = collection ? collection.all().filter(test) : [];
      const targets = statement.multi ? matches : matches.slice(0, 1);
      if (statement.multi && updateKind(statement.u) === 'replacement') {
        throw new CommandError(
          'InvalidOptions',
          'multi update is not supported for replacement-style update',
        );
      }
      for (const doc of targets) {
        const next = applyUpdate(doc, statement.u, {
          arrayFilters: statement.arrayFilters,
          query: statement.q,
          collation: effectiveCollation(statement, collection),
          let: cmd.let,
        });
        n += 1;
        if (next.changed) {
          collection.replace(doc, next.doc);
          nModified += 1;
        }
      }
      if (!targets.length && statement.upsert) {
        const inserted = upsertInsert(
          ctx.catalog.getOrCreate(ctx.db, name),
          statement.q,
          statement.u,
          statement.arrayFilters,
        );
        upserted.push({ index, _id: inserted._id });
        n += 1;
      }
    });
    const reply = { n, nModified, ok: 1, ...(upserted.length ? { upserted } : {}) };
    return withWriteErrors(reply, writeErrors);
  },
};

/** An upsert that matched nothing: the query's equality fields plus the update, inserted. */
function upsertInsert(collection, query, u, arrayFilters) {
  const seed = upsertSeed(query);
  const start = updateKind(u) === 'replacement' ? (seed._id === undefined ? {} : { _id: seed._id }) : seed;
  const { doc } = applyUpdate(start, u, { arrayFilters, inserting: true });
  return collection.insert(doc);
}

const del = {
  inTransaction: true,
  write: true,
  run(cmd, ctx) {
    const collection = ctx.catalog.get(ctx.db, collectionName(cmd, 'delete'));
    let n = 0;
    const writeErrors = eachStatement(cmd, cmd.deletes ?? [], (statement) => {
      if (!collection) return;
      const test = matcher(statement.q, statement, collection);
      const matches = collection.all().filter(test);
      for (const doc of statement.limit === 1 ? matches.slice(0, 1) : matches) {
        if (collection.remove(doc)) n += 1;
      }
    });
    return withWriteErrors({ n, ok: 1 }, writeErrors);
  },
};

const findAndModify = {
  inTransaction: true,
  write: true,
  run(cmd, ctx) {
    const name = collectionName(cmd, 'findAndModify');
    if (cmd.remove && cmd.update !== undefined) {
      throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
    }
    if (!cmd.remove && cmd.update === undefined) {
      throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
    }
    const collection = ctx.catalog.get(ctx.db, name);
    const doc = firstMatch(collection, cmd);
    if (cmd.remove) {
      if (doc) collection.remove(doc);
      return { lastErrorObject: { n: doc ? 1 : 0 }, value: projectOne(doc, cmd.fields) ?? null, ok: 1 };
    }
    if (doc) {
      const next = applyUpdate(doc, cmd.update, {
        arrayFilters: cmd.arrayFilters,
        query: cmd.query,
        collation: effectiveCollation(cmd, collection),
        let: cmd.let,
      });
      const stored = next.changed ? collection.replace(doc, next.doc) : doc;
      const value = cmd.new ? stored : doc;
      return {
        lastErrorObject: { n: 1, updatedExisting: true },
        value: projectOne(value, cmd.fields),
        ok: 1,
      };
    }
    if (!cmd.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const inserted = upsertInsert(
      ctx.catalog.getOrCreate(ctx.db, name),
      cmd.query,
      cmd.update,
      cmd.arrayFilters,
    );
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
      value: cmd.new ? projectOne(inserted, cmd.fields) : null,
      ok: 1,
    };
  },
};

module.exports = { insert, update, delete: del, findAndModify };
