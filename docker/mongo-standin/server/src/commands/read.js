'use strict';
// Reads: find, getMore, killCursors, count, distinct, aggregate.
const { CommandError, unsupported } = require('../errors');
const { aggregateDocuments, findDocuments, matcher } = require('../query');
const { canonicalKey, valuesAtPath } = require('../values');

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

const find = {
  inTransaction: true,
  run(cmd, ctx) {
    const name = collectionName(cmd, 'find');
    const docs = findDocuments(ctx.catalog.get(ctx.db, name), cmd);
    const singleBatch = cmd.singleBatch === true || (cmd.limit ?? 0) < 0;
    return ctx.cursors.openCursor(`${ctx.db}.${name}`, docs, {
      batchSize: cmd.batchSize,
      singleBatch,
      owner: ctx.connection.user,
    });
  },
};

const getMore = {
  inTransaction: true,
  run(cmd, ctx) {
    const ns = `${ctx.db}.${collectionName(cmd, 'collection')}`;
    return ctx.cursors.getMore(Number(cmd.getMore), ns, cmd.batchSize ?? 0, ctx.connection.user);
  },
};

const killCursors = {
  inTransaction: true,
  run(cmd, ctx) {
    return ctx.cursors.kill(cmd.cursors ?? []);
  },
};

const count = {
  run(cmd, ctx) {
    const collection = ctx.catalog.get(ctx.db, collectionName(cmd, 'count'));
    const test = matcher(cmd.query, cmd, collection);
    let n = collection ? collection.all().filter(test).length : 0;
    n = Math.max(0, n - (cmd.skip ?? 0));
    if (cmd.limit) n = Math.min(n, Math.abs(cmd.limit));
    return { n, ok: 1 };
  },
};

const distinct = {
  inTransaction: true,
  run(cmd, ctx) {
    if (typeof cmd.key !== 'string') throw new CommandError('TypeMismatch', 'distinct key must be a string');
    const collection = ctx.catalog.get(ctx.db, collectionName(cmd, 'distinct'));
    const test = matcher(cmd.query, cmd, collection);
    const seen = new Map();
    for (const doc of collection ? collection.all() : []) {
      if (!test(doc)) continue;
      for (const value of valuesAtPath(doc, cmd.key)) {
        if (value !== undefined && !seen.has(canonicalKey(value))) seen.set(canonicalKey(value), value);
      }
    }
    return { values: [...seen.values()], ok: 1 };
  },
};

const aggregate = {
  inTransaction: true,
  run(cmd, ctx) {
    if (typeof cmd.aggregate !== 'string') {
      throw unsupported('Database-level aggregation (aggregate: 1, e.g. $currentOp, $documents)');
    }
    if (!Array.isArray(cmd.pipeline)) throw new CommandError('TypeMismatch', "'pipeline' must be an array");
    if (cmd.explain) throw unsupported('explain');
    const pipeline = [...cmd.pipeline];
    const last = pipeline.length ? Object.keys(pipeline[pipeline.length - 1])[0] : undefined;
    if (last === '$merge') throw unsupported('$merge');
    const out = last === '$out' ? pipeline.pop().$out : undefined;
    if (out !== undefined && ctx.inTransaction) {
      throw new CommandError('OperationNotSupportedInTransaction', '$out is not allowed in a transaction');
    }
    const source = ctx.catalog.get(ctx.db, cmd.aggregate);
    const resolve = (name) => ctx.catalog.get(ctx.db, name)?.all() ?? [];
    const docs = aggregateDocuments(source, pipeline, cmd, resolve);
    if (out !== undefined) {
      writeOut(ctx, out, docs);
      return ctx.cursors.openCursor(`${ctx.db}.${cmd.aggregate}`, [], {});
    }
    return ctx.cursors.openCursor(`${ctx.db}.${cmd.aggregate}`, docs, {
      batchSize: cmd.cursor?.batchSize,
      owner: ctx.connection.user,
    });
  },
};

/** $out replaces the target collection's documents, keeping its indexes; all or nothing. */
function writeOut(ctx, out, docs) {
  const [db, name] = typeof out === 'string' ? [ctx.db, out] : [out.db ?? ctx.db, out.coll];
  const target = ctx.base.getOrCreate(db, name);
  const staged = target.clone();
  for (const doc of staged.all()) staged.remove(doc);
  for (const doc of docs) staged.insert(doc);
  target.adopt(staged);
}

module.exports = { find, getMore, killCursors, count, distinct, aggregate };
