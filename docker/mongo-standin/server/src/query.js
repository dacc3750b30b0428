'use strict';
// Query and aggregation semantics, delegated to mingo with the stand-in's operator context
// (operators/context.js). Stored documents are never modified in place (updates store a new
// version), so results can hold references to them safely.
const { Aggregator } = require('mingo/aggregator');
const { ProcessingMode } = require('mingo/core');
const { Query } = require('mingo/query');
const { CommandError, asCommandError, unsupported } = require('./errors');
const { operatorContext } = require('./operators/context');

/**
 * The collation a command works with: its own, else its collection's default (create's
 * `collation`), as in MongoDB.
 */
function effectiveCollation(cmd, collection) {
  return cmd.collation ?? collection?.options?.collation;
}

/** Options every mingo call gets; `collation` and `let` come from the command. */
function engineOptions(cmd, extra = {}, collection = undefined) {
  const collation = effectiveCollation(cmd, collection);
  const options = { ...extra, context: operatorContext(collation), scriptEnabled: false };
  // 'simple' is binary comparison, mingo's default (and not a locale Intl knows).
  if (collation && collation.locale !== 'simple') options.collation = collation;
  if (cmd.let) options.variables = cmd.let;
  return options;
}

function matcher(filter, cmd = {}, collection = undefined) {
  try {
    const query = new Query(filter ?? {}, engineOptions(cmd, {}, collection));
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
    let cursor = new Query(cmd.filter ?? {}, engineOptions(cmd, {}, collection)).find(
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

/**
 * An aggregation pipeline over `source`'s documents; `resolve` gives other collections of the
 * same database ($lookup).
 */
function aggregateDocuments(source, pipeline, cmd, resolve) {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (name === '$merge' || name === '$out') {
      throw new CommandError('Location40601', `${name} can only be the final stage in the pipeline`);
    }
    if (name === '$changeStream') throw unsupported('Change streams ($changeStream, watch())');
  }
  const options = { processingMode: ProcessingMode.CLONE_INPUT, collectionResolver: resolve };
  try {
    return new Aggregator(pipeline, engineOptions(cmd, options, source)).run(source ? source.all() : []);
  } catch (err) {
    throw asCommandError(err);
  }
}

/** A find-style projection of one document (findAndModify's `fields`). */
function projectOne(doc, projection) {
  if (!doc || !projection || !Object.keys(projection).length) return doc;
  try {
    return new Query({}, engineOptions({})).find([doc], projection).all()[0];
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
    let: cmd.let,
  })[0];
}

function sortSpec(sort) {
  if (!sort || typeof sort !== 'object') return undefined;
  const entries = Object.entries(sort).filter(([field]) => field !== '$natural');
  for (const [field, direction] of entries) {
    if (direction !== 1 && direction !== -1) {
      if (direction?.$meta) throw unsupported(`Sorting by {$meta: ${JSON.stringify(direction.$meta)}}`);
      throw new CommandError('BadValue', `$sort direction of ${field} must be 1 or -1`);
    }
  }
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function emptyToUndefined(projection) {
  return projection && Object.keys(projection).length ? projection : undefined;
}

module.exports = {
  matcher,
  findDocuments,
  aggregateDocuments,
  projectOne,
  firstMatch,
  engineOptions,
  effectiveCollation,
};
