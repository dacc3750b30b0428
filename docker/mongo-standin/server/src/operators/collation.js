'use strict';
// Collation strength 1 and 2 (case-insensitive) for query matching and index keys. mingo only
// applies a collation when sorting, so {email: 'ADA@x.io'} with {locale: 'en', strength: 2} would
// miss 'ada@x.io'. Rather than reimplement ICU, strings are folded: lower case for strength <= 2,
// and without diacritics for strength 1, and the folded values are compared. Equality and $in are
// exact under this; $lt/$gt order by code point of the folded strings, which is close to but not
// ICU's order. Regular expressions are not affected by collation, as in MongoDB.
const queryOperators = require('mingo/operators/query');
const { isPlainObject } = require('../values');

const DIACRITICS = /\p{M}/gu;

/** The string folding a collation implies, or undefined when it compares strings as they are. */
function foldingFor(collation) {
  if (!collation || typeof collation !== 'object' || collation.locale === 'simple') return undefined;
  const strength = collation.strength ?? 3;
  if (strength >= 3) return undefined;
  // caseLevel: true makes case count again at strengths 1 and 2.
  const foldCase = collation.caseLevel !== true;
  if (strength === 2) return foldCase ? FOLDINGS.case : undefined;
  return foldCase ? FOLDINGS.caseAndDiacritics : FOLDINGS.diacritics;
}

const stripDiacritics = (s) => s.normalize('NFD').replace(DIACRITICS, '').normalize('NFC');
const FOLDINGS = {
  case: (s) => s.toLowerCase(),
  diacritics: stripDiacritics,
  caseAndDiacritics: (s) => stripDiacritics(s).toLowerCase(),
};

/** `value` with every string folded; other values (numbers, ObjectIds, RegExps...) unchanged. */
function foldValue(value, fold) {
  if (typeof value === 'string') return fold(value);
  if (Array.isArray(value)) return value.map((v) => foldValue(v, fold));
  if (isPlainObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = foldValue(v, fold);
    return out;
  }
  return value;
}

/**
 * Folded copies of stored documents, made once per document and folding: stored documents are
 * never modified in place, so a copy stays valid as long as its document lives.
 */
const foldedCopies = new Map(Object.values(FOLDINGS).map((fold) => [fold, new WeakMap()]));

function foldedDocument(doc, fold) {
  if (doc === null || typeof doc !== 'object') return foldValue(doc, fold);
  const cache = foldedCopies.get(fold);
  let folded = cache.get(doc);
  if (!folded) {
    folded = foldValue(doc, fold);
    cache.set(doc, folded);
  }
  return folded;
}

const isRegExp = (v) => v instanceof RegExp;

/** A mingo query operator that compares folded values (a RegExp operand is left to the original). */
function folding(name, fold) {
  const original = queryOperators[name];
  return (selector, value, options) => {
    if (isRegExp(value)) return original(selector, value, options);
    const test = original(selector, foldValue(value, fold), options);
    return (doc) => test(foldedDocument(doc, fold));
  };
}

/** $in and $nin: plain values compared folded, regular expressions against the original strings. */
function foldingIn(negate, fold) {
  return (selector, values, options) => {
    if (!Array.isArray(values)) return queryOperators[negate ? '$nin' : '$in'](selector, values, options);
    const plain = queryOperators.$in(
      selector,
      foldValue(
        values.filter((v) => !isRegExp(v)),
        fold,
      ),
      options,
    );
    const patterns = values.filter(isRegExp);
    const matchesPattern = patterns.length ? queryOperators.$in(selector, patterns, options) : () => false;
    return (doc) => negate !== (plain(foldedDocument(doc, fold)) || matchesPattern(doc));
  };
}

/** The query operators to register for `collation`; empty when it needs none. */
function collationQueryOperators(collation) {
  const fold = foldingFor(collation);
  if (!fold) return {};
  const ops = { $in: foldingIn(false, fold), $nin: foldingIn(true, fold) };
  for (const name of ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte']) ops[name] = folding(name, fold);
  return ops;
}

module.exports = { foldingFor, foldValue, collationQueryOperators };
