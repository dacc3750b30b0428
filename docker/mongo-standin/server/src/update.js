'use strict';
// The `u` of an update or findAndModify applied to one document: a replacement document, update
// operators (delegated to mingo) or an aggregation pipeline. Always works on a copy: the stored
// document changes only once the collection accepted the new version (unique indexes).
const updater = require('mingo/updater');
const { CommandError, asCommandError } = require('./errors');
const { engineOptions } = require('./query');
const { canonicalKey, cloneValue, isPlainObject } = require('./values');

function updateKind(u) {
  if (Array.isArray(u)) return 'pipeline';
  if (!isPlainObject(u))
    throw new CommandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length && operators.length !== keys.length) {
    throw new CommandError('FailedToParse', 'Update document mixes update operators and plain fields');
  }
  return operators.length ? 'operators' : 'replacement';
}

/**
 * The updated copy of `doc`, and whether anything changed.
 * @param {object} opts {arrayFilters, query (for the positional $), inserting (an upsert's new document),
 *   collation and let (the command's: the query must match under the same collation)}
 */
function applyUpdate(doc, u, opts = {}) {
  const kind = updateKind(u);
  let next;
  if (kind === 'replacement') {
    next = doc._id === undefined ? { ...cloneValue(u) } : { _id: doc._id, ...withoutId(cloneValue(u)) };
    if (u._id !== undefined && doc._id !== undefined && canonicalKey(u._id) !== canonicalKey(doc._id)) {
      throw immutableId();
    }
  } else if (kind === 'operators') {
    next = cloneValue(doc);
    const ops = withoutIdNoOp(operatorsFor(u, opts.inserting === true), doc);
    if (Object.keys(ops).length) {
      try {
        const condition = opts.inserting ? undefined : opts.query;
        const queryOptions = engineOptions({ collation: opts.collation, let: opts.let });
        updater.update(next, ops, opts.arrayFilters, condition, { queryOptions });
      } catch (err) {
        throw /immutable field '_id'/.test(String(err && err.message)) ? immutableId() : asCommandError(err);
      }
    }
  } else {
    const holder = [cloneValue(doc)];
    try {
      updater.updateOne(holder, {}, u, {}, engineOptions({ let: opts.let }));
    } catch (err) {
      throw asCommandError(err);
    }
    next = holder[0];
  }
  if (doc._id !== undefined && canonicalKey(next._id) !== canonicalKey(doc._id)) throw immutableId();
  return { doc: next, changed: canonicalKey(next) !== canonicalKey(doc) };
}

/** $setOnInsert is MongoDB's, not mingo's: it is a $set when the upsert inserts, nothing otherwise. */
function operatorsFor(u, inserting) {
  const { $setOnInsert: onInsert, ...ops } = u;
  if (inserting && onInsert) ops.$set = { ...(ops.$set ?? {}), ...onInsert };
  return ops;
}

/** MongoDB accepts {$set: {_id: <the same value>}}; mingo refuses any write to _id. */
function withoutIdNoOp(ops, doc) {
  const set = ops.$set;
  if (!set || !('_id' in set) || doc._id === undefined || canonicalKey(set._id) !== canonicalKey(doc._id))
    return ops;
  const rest = { ...set };
  delete rest._id;
  const result = { ...ops, $set: rest };
  if (!Object.keys(rest).length) delete result.$set;
  return result;
}

/** The document an upsert starts from: the equality conditions of its query. */
function upsertSeed(query) {
  const seed = {};
  const collect = (q) => {
    for (const [key, value] of Object.entries(q ?? {})) {
      if (key === '$and' && Array.isArray(value)) value.forEach(collect);
      else if (key.startsWith('$')) continue;
      else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
        if ('$eq' in value) setPath(seed, key, cloneValue(value.$eq));
      } else setPath(seed, key, cloneValue(value));
    }
  };
  collect(query);
  return seed;
}

function setPath(target, path, value) {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(at[part])) at[part] = {};
    at = at[part];
  }
  at[parts[parts.length - 1]] = value;
}

function withoutId(doc) {
  const rest = { ...doc };
  delete rest._id;
  return rest;
}

function immutableId() {
  return new CommandError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

module.exports = { applyUpdate, upsertSeed, updateKind };
