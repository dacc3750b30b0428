'use strict';
// What a multi-document transaction reads and writes: a private copy of each collection it
// touches, taken on first use (its snapshot). As in MongoDB (first writer wins), a write fails at
// once with WriteConflict when another open transaction already wrote the same document or unique
// key, or when someone committed a change to it after this transaction's snapshot: the driver's
// withTransaction then retries the whole transaction. Commit applies every write at once; it
// checks versions again, because a write outside any transaction does not wait for open
// transactions here (MongoDB would make it wait), so it can still slip in between.
const { transientTransactionError } = require('../errors');
const { cloneValue } = require('../values');
const { Collection } = require('./collection');

/** MongoDB's own wording, which apps and tutorials match on. */
const WRITE_CONFLICT_MESSAGE =
  'WriteConflict error: this operation conflicted with another operation. ' +
  'Please retry your operation or multi-document transaction.';

const writeConflict = () => transientTransactionError('WriteConflict', WRITE_CONFLICT_MESSAGE);

/** MongoDB aborts transactions open longer than transactionLifetimeLimitSeconds (60 s). */
const TRANSACTION_LIFETIME_MS = 60_000;

class TransactionView {
  /** @param {import('./catalog').Catalog} catalog */
  constructor(catalog) {
    this.catalog = catalog;
    /** @type {Map<string, {copy: Collection, baseVersions: Map<string, number>}>} */
    this.copies = new Map();
    /** @type {Map<string, Set<string>>} ns -> unique index entries (the _id index's too) it wrote */
    this.claims = new Map();
    this.startedAt = Date.now();
    catalog.openTransactions.add(this);
  }

  isExpired(now = Date.now()) {
    return now - this.startedAt > TRANSACTION_LIFETIME_MS;
  }

  get(db, name) {
    const key = `${db}.${name}`;
    const known = this.copies.get(key);
    if (known) return known.copy;
    const base = this.catalog.get(db, name);
    if (!base) return undefined;
    return this.track(base.clone(), new Map(base.versions));
  }

  getOrCreate(db, name) {
    return this.get(db, name) ?? this.track(new Collection(db, name), new Map());
  }

  track(copy, baseVersions) {
    copy.writeGuard = (id, next, previous) => this.claimWrite(copy, id, [next, previous]);
    this.copies.set(copy.ns, { copy, baseVersions });
    return copy;
  }

  /**
   * Throws WriteConflict when writing document `id` (old and new version in `docs`) conflicts;
   * else records its unique keys (the _id index's among them) as written by this transaction.
   */
  claimWrite(copy, id, docs) {
    const { baseVersions } = this.copies.get(copy.ns);
    const base = this.catalog.get(copy.db, copy.name);
    const changed = (docId) => (base?.versions.get(docId) ?? 0) !== (baseVersions.get(docId) ?? 0);
    const keys = docs.filter(Boolean).flatMap((doc) => copy.uniqueKeysOf(doc));
    // Committed after our snapshot: the document itself, or another one holding one of its keys.
    const holderChanged = ({ index, key }) => {
      const holder = base?.entries.get(index)?.get(key);
      return holder !== undefined && holder !== id && changed(holder);
    };
    if (changed(id) || keys.some(holderChanged)) throw writeConflict();
    const claims = keys.map(({ index, key }) => `${index}\0${key}`);
    for (const other of this.catalog.openTransactions) {
      if (other === this) continue;
      // An abandoned transaction (its client went away) stops holding its writes once it expires.
      if (other.isExpired()) other.close();
      else if (claims.some((claim) => other.claims.get(copy.ns)?.has(claim))) throw writeConflict();
    }
    if (!this.claims.has(copy.ns)) this.claims.set(copy.ns, new Set());
    for (const claim of claims) this.claims.get(copy.ns).add(claim);
  }

  /** Applies every write, or none: throws WriteConflict or E11000 and leaves the catalog as it was. */
  commit() {
    const staged = [];
    for (const { copy, baseVersions } of this.copies.values()) {
      if (copy.touched.size === 0) continue;
      const base = this.catalog.get(copy.db, copy.name);
      for (const id of copy.touched) {
        if ((base?.versions.get(id) ?? 0) !== (baseVersions.get(id) ?? 0)) throw writeConflict();
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

  /** The transaction ended (committed, aborted or expired): its writes no longer conflict. */
  close() {
    this.catalog.openTransactions.delete(this);
    this.claims.clear();
  }
}

function applyWrite(target, id, doc) {
  const current = target.docs.get(id);
  if (doc && current) target.replace(current, cloneValue(doc));
  else if (doc) target.insert(cloneValue(doc));
  else if (current) target.remove(current);
}

module.exports = { TransactionView, WRITE_CONFLICT_MESSAGE };
