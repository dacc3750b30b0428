'use strict';
// What a multi-document transaction reads and writes: a private copy of each collection it
// touches, taken on first use. Commit checks that nobody else wrote the documents it wrote since
// its copy was taken (else WriteConflict, which drivers retry), then applies all of its writes at
// once. Nothing in between can interleave: the server runs one command at a time.
const { transientTransactionError } = require('../errors');
const { cloneValue } = require('../values');
const { Collection } = require('./collection');

class TransactionView {
  /** @param {import('./catalog').Catalog} catalog */
  constructor(catalog) {
    this.catalog = catalog;
    /** @type {Map<string, {copy: Collection, baseVersions: Map<string, number>}>} */
    this.copies = new Map();
  }

  get(db, name) {
    const key = `${db}.${name}`;
    const known = this.copies.get(key);
    if (known) return known.copy;
    const base = this.catalog.get(db, name);
    if (!base) return undefined;
    const copy = base.clone();
    this.copies.set(key, { copy, baseVersions: new Map(base.versions) });
    return copy;
  }

  getOrCreate(db, name) {
    const existing = this.get(db, name);
    if (existing) return existing;
    const copy = new Collection(db, name);
    this.copies.set(`${db}.${name}`, { copy, baseVersions: new Map() });
    return copy;
  }

  /** Applies every write, or none: throws WriteConflict or E11000 and leaves the catalog as it was. */
  commit() {
    const staged = [];
    for (const { copy, baseVersions } of this.copies.values()) {
      if (copy.touched.size === 0) continue;
      const base = this.catalog.get(copy.db, copy.name);
      for (const id of copy.touched) {
        if ((base?.versions.get(id) ?? 0) !== (baseVersions.get(id) ?? 0)) {
          throw transientTransactionError(
            'WriteConflict',
            `Write conflict during commit on ${copy.ns}: another operation changed a document this transaction wrote. Retry the transaction.`,
          );
        }
      }
      const target = base ? base.clone() : new Collection(copy.db, copy.name);
      for (const id of copy.touched) applyWrite(target, id, copy.docs.get(id));
      staged.push({ base, target });
    }
    for (const { base, target } of staged) {
      if (base) base.adopt(target);
      else this.catalog.add(target);
    }
  }
}

function applyWrite(target, id, doc) {
  const current = target.docs.get(id);
  if (doc && current) target.replace(current, cloneValue(doc));
  else if (doc) target.insert(cloneValue(doc));
  else if (current) target.remove(current);
}

module.exports = { TransactionView };
