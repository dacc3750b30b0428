'use strict';
// One index of a collection: its definition as listIndexes shows it, and the key strings a
// document contributes to it (several for arrays: multikey), which is what unique checks compare.
const { Query } = require('mingo');
const { CommandError } = require('../errors');
const { canonicalKey, valuesAtPath, valueAtPath, shellValue } = require('../values');

const KEY_KINDS = new Set([1, -1, 'text', '2d', '2dsphere', 'hashed']);

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
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
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

  /** Same key and options, so a repeated createIndexes is a no-op. */
  sameAs(other) {
    const strip = ({ v: _v, name: _n, ...rest }) => canonicalKey(rest);
    return strip(this.definition) === strip(other.definition);
  }

  /** The distinct key strings of `doc` in this index; empty when the index skips the document. */
  keysOf(doc) {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => valuesAtPath(doc, f));
    if (this.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
    let keys = [''];
    for (const values of perField) {
      const next = [];
      for (const prefix of keys) for (const value of values) next.push(`${prefix}|${canonicalKey(value)}`);
      keys = next;
    }
    return [...new Set(keys)];
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

module.exports = { IndexSpec };
