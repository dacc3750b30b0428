'use strict';
// Query and aggregation semantics, delegated to mingo. Stored documents are never modified in
// place (updates store a new version), so results can hold references to them safely.
const mingo = require('mingo');
const { CommandError, asCommandError } = require('./errors');

/** Options every mingo call gets; `collation` and `let` come from the command. */
function engineOptions(cmd, extra = {}) {
  const options = { ...extra };
  if (cmd.collation) options.collation = cmd.collation;
  if (cmd.let) options.variables = cmd.let;
  return options;
}

function matcher(filter, cmd = {}) {
  try {
    const query = new mingo.Query(filter ?? {}, engineOptions(cmd));
    return (doc) => query.test(doc);
  } catch (err) {
    throw asCommandError(err);
  }
}

/** find semantics: filter, then sort, skip, limit, then projection. */
function findDocuments(collection, cmd) {
  const docs = collection ? collection.all() : [];
  if (cmd.sort?.$natural === -1) docs.reverse();
  const sort = sortSpec(cmd.sort);
  try {
    let cursor = new mingo.Query(cmd.filter ?? {}, engineOptions(cmd)).find(
      docs,
      emptyToUndefined(cmd.projection),
    );
    if (sort) cursor = cursor.sort(sort);
    if (cmd.skip) cursor = cursor.skip(cmd.skip);
    const limit = Math.abs(cmd.limit ?? 0);
    if (limit) cursor = cursor.limit(limit);
    return cursor.all();
  } catch (err) {
    throw asCommandError(err);
  }
}

/** An aggregation pipeline over `docs`; `resolve` gives other collections of the same database ($lookup). */
function aggregateDocuments(docs, pipeline, cmd, resolve) {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (name === '$merge' || name === '$out') {
      throw new CommandError(
        'CommandNotSupported',
        `${name} is handled by the aggregate command, not in a sub-pipeline`,
      );
    }
  }
  try {
    return mingo.aggregate(
      docs,
      pipeline,
      engineOptions(cmd, { processingMode: mingo.ProcessingMode.CLONE_INPUT, collectionResolver: resolve }),
    );
  } catch (err) {
    throw asCommandError(err);
  }
}

/** A find-style projection of one document (findAndModify's `fields`). */
function projectOne(doc, projection) {
  if (!doc || !projection || !Object.keys(projection).length) return doc;
  try {
    return mingo.find([doc], {}, projection).all()[0];
  } catch (err) {
    throw asCommandError(err);
  }
}

/** The first document a findAndModify works on: matching `query`, first in `sort` order. */
function firstMatch(collection, cmd) {
  if (!collection) return undefined;
  return findDocuments(collection, {
    filter: cmd.query,
    sort: cmd.sort,
    limit: 1,
    collation: cmd.collation,
  })[0];
}

function sortSpec(sort) {
  if (!sort || typeof sort !== 'object') return undefined;
  const entries = Object.entries(sort).filter(([field]) => field !== '$natural');
  for (const [field, direction] of entries) {
    if (direction !== 1 && direction !== -1) {
      throw new CommandError(
        'BadValue',
        `$sort direction of ${field} must be 1 or -1 (text scores are not supported)`,
      );
    }
  }
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function emptyToUndefined(projection) {
  return projection && Object.keys(projection).length ? projection : undefined;
}

module.exports = { matcher, findDocuments, aggregateDocuments, projectOne, firstMatch, engineOptions };
