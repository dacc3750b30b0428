'use strict';
// The operator set every mingo call of the stand-in uses: mingo's own, with MongoDB's type
// conversions in place of mingo's, and collation-aware comparisons when a command's collation
// asks for them. Built here in full because mingo's top-level helpers always let their built-in
// operators win over ones passed in options; query.js and update.js therefore use mingo's
// Query, Aggregator and updater modules directly with this context.
const { Context } = require('mingo/core');
const accumulator = require('mingo/operators/accumulator');
const expression = require('mingo/operators/expression');
const pipeline = require('mingo/operators/pipeline');
const projection = require('mingo/operators/projection');
const query = require('mingo/operators/query');
const window = require('mingo/operators/window');
const { collationQueryOperators, foldingFor } = require('./collation');
const { CONVERSION_OPERATORS } = require('./conversions');

function buildContext(queryOverrides) {
  return Context.init({
    accumulator: { ...accumulator },
    expression: { ...expression, ...CONVERSION_OPERATORS },
    pipeline: { ...pipeline },
    projection: { ...projection },
    query: { ...query, ...queryOverrides },
    window: { ...window },
  });
}

const PLAIN = buildContext({});
/** One context per kind of folding: most commands have no collation or one of a few. */
const byCollation = new Map();

/** The context for a command with `collation` (undefined: binary string comparison). */
function operatorContext(collation) {
  if (!foldingFor(collation)) return PLAIN;
  const key = JSON.stringify([collation.strength, collation.caseLevel === true]);
  let context = byCollation.get(key);
  if (!context) {
    context = buildContext(collationQueryOperators(collation));
    byCollation.set(key, context);
  }
  return context;
}

module.exports = { operatorContext };
