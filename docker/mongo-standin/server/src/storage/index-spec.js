'use strict';
// One index of a collection: its definition as listIndexes shows it, and the key strings a
// document contributes to it (several for arrays: multikey), which is what unique checks compare.
const { Query } = require('mingo/query');
const { CommandError } = require('../errors');
const { foldingFor, foldValue } = require('../operators/collation');
const { operatorContext } = require('../operators/context');
const { canonicalKey, valuesAtPath, valueAtPath, shellValue } = require('../values');

const KEY_KINDS = new Set([1, -1, 'text', '2d', '2dsphere', 'hashed']);

/**
 * Options that make two indexes on the same key different indexes (MongoDB lets both exist).
 * Everything else in a spec is either an option of the index (below) or only an instruction for
 * building it (background, v, storageEngine...), which MongoDB ignores when comparing.
 */
const IDENTIFYING_OPTIONS = ['collation', 'partialFilterExpression'];
const OTHER_DEFINING_OPTIONS = [
  'unique',
  'sparse',
  'expireAfterSeconds',
  'hidden',
  'prepareUnique',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'wildcardProjection',
];
const BOOLEAN_OPTIONS = new Set(['unique', 'sparse', 'hidden', 'prepareUnique']);
/** A collation as MongoDB completes it, so {locale: 'en'} and its spelled-out form compare equal. */
const COLLATION_DEFAULTS = {
  caseLevel: false,
  caseFirst: 'off',
  strength: 3,
  numericOrdering: false,
  alternate: 'non-ignorable',
  maxVariable: 'punct',
  normalization: false,
  backwards: false,
};

class IndexSpec {
  /** @param {object} spec as given to createIndexes: {key, name, unique, sparse, partialFilterExpression, ...} */
  constructor(spec) {
    const { key, name, ...options } = spec;
    this.definition = { v: 2, key, name, ...options };
    this.name = spec.name;
    this.key = spec.key;
    this.fields = Object.keys(spec.key);
    this.unique = spec.unique === true || spec.name === '_id_';
    this.sparse = spec.sparse === true;
    // Unique keys compare under the index's collation: case-insensitive at strength 1 and 2.
    this.fold = foldingFor(spec.collation);
    this.partial = spec.partialFilterExpression
      ? new Query(spec.partialFilterExpression, {
          context: operatorContext(spec.collation),
          collation: spec.collation,
        })
      : undefined;
  }

  static validate(spec) {
    if (!spec || typeof spec !== 'object' || !spec.key || typeof spec.key !== 'object') {
      throw new CommandError('BadValue', 'index specification must have a key document');
    }
    const fields = Object.entries(spec.key);
    if (!fields.length) throw new CommandError('BadValue', 'index key pattern cannot be empty');
    for (const [field, kind] of fields) {
      if (!KEY_KINDS.has(kind)) {
        throw new CommandError(
          'BadValue',
          `unsupported index key ${JSON.stringify(kind)} for field ${field}`,
        );
      }
    }
    if (typeof spec.name !== 'string' || !spec.name) {
      throw new CommandError('BadValue', 'index specification must have a name');
    }
  }

  /** The default name drivers and the shell give: {email: 1, age: -1} -> "email_1_age_-1". */
  static defaultName(key) {
    return Object.entries(key)
      .map(([field, kind]) => `${field}_${kind}`)
      .join('_');
  }

  /**
   * MongoDB's comparison of an index with a requested one: 'identical' (a repeated createIndexes,
   * a no-op), 'equivalent' (same key and identifying options, other options differ) or 'different'.
   */
  compare(other) {
    const options = (spec, names) =>
      canonicalKey(names.map((name) => normalizedOption(spec.definition, name)));
    if (canonicalKey(this.key) !== canonicalKey(other.key)) return 'different';
    if (options(this, IDENTIFYING_OPTIONS) !== options(other, IDENTIFYING_OPTIONS)) return 'different';
    return options(this, OTHER_DEFINING_OPTIONS) === options(other, OTHER_DEFINING_OPTIONS)
      ? 'identical'
      : 'equivalent';
  }

  /** The distinct key strings of `doc` in this index; empty when the index skips the document. */
  keysOf(doc) {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => valuesAtPath(doc, f));
    if (this.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
    let keys = [''];
    for (const values of perField) {
      const next = [];
      for (const prefix of keys) for (const value of values) next.push(`${prefix}|${this.keyString(value)}`);
      keys = next;
    }
    return [...new Set(keys)];
  }

  keyString(value) {
    return canonicalKey(this.fold ? foldValue(value, this.fold) : value);
  }

  /** The E11000 error for `doc`, worded and shaped as MongoDB's (drivers expose keyPattern and keyValue). */
  duplicateKeyError(ns, doc) {
    const keyValue = {};
    for (const field of this.fields) {
      const value = valueAtPath(doc, field);
      keyValue[field] = value === undefined ? null : value;
    }
    const printed = this.fields.map((f) => `${f}: ${shellValue(keyValue[f])}`).join(', ');
    return new CommandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: { ${printed} }`,
      { keyPattern: this.key, keyValue },
    );
  }
}

/** An option as it takes part in comparisons: false booleans and the simple collation are absent. */
function normalizedOption(definition, name) {
  const value = definition[name];
  if (BOOLEAN_OPTIONS.has(name)) return value === true || undefined;
  if (name === 'collation') {
    if (!value || value.locale === 'simple') return undefined;
    const given = { ...value };
    delete given.version; // ICU's version, which MongoDB adds itself
    return { ...COLLATION_DEFAULTS, ...given };
  }
  return value;
}

module.exports = { IndexSpec };
