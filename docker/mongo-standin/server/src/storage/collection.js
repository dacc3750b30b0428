'use strict';
// A collection in memory: documents in insertion order (MongoDB's natural order, near enough),
// its indexes with the key entries of the unique ones, and a version per document so a
// transaction can tell at commit whether someone else wrote a document it also wrote.
const { randomUUID } = require('node:crypto');
const { Binary, ObjectId } = require('bson');
const { CommandError } = require('../errors');
const { canonicalKey, cloneValue, shellValue } = require('../values');
const { IndexSpec } = require('./index-spec');

const ID_INDEX = { key: { _id: 1 }, name: '_id_' };

class Collection {
  constructor(db, name, options = {}) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.uuid = new Binary(Buffer.from(randomUUID().replace(/-/g, ''), 'hex'), Binary.SUBTYPE_UUID);
    /** @type {Map<string, object>} id key -> document */
    this.docs = new Map();
    /** @type {Map<string, number>} id key -> version of its last write (kept after a delete) */
    this.versions = new Map();
    this.clock = 0;
    /** @type {Map<string, IndexSpec>} */
    this.indexes = new Map([[ID_INDEX.name, new IndexSpec(ID_INDEX)]]);
    /** @type {Map<string, Map<string, string>>} unique index name -> key -> id key */
    this.entries = new Map([[ID_INDEX.name, new Map()]]);
    /** Id keys written since this copy was made (transactions). */
    this.touched = new Set();
    /**
     * Called with (id key, new document, old document) before every write; a transaction's copy
     * uses it to refuse a conflicting write at once, as MongoDB does (TransactionView).
     */
    this.writeGuard = undefined;
  }

  get ns() {
    return `${this.db}.${this.name}`;
  }

  /** The documents in natural order. Callers must not modify them: copy first. */
  all() {
    return [...this.docs.values()];
  }

  get size() {
    return this.docs.size;
  }

  static idKey(doc) {
    return canonicalKey(doc._id);
  }

  /** Adds a document, giving it an _id first when it has none. Throws E11000 on a unique clash. */
  insert(doc) {
    const stored = withIdFirst(doc);
    if (Array.isArray(stored._id)) throw new CommandError('BadValue', "can't use an array for _id");
    const id = Collection.idKey(stored);
    // checkUnique lets a document keep its own keys; a new document may not reuse an _id at all.
    this.writeGuard?.(id, stored, undefined);
    if (this.docs.has(id)) throw this.indexes.get(ID_INDEX.name).duplicateKeyError(this.ns, stored);
    this.checkUnique(stored, id);
    this.addEntries(stored, id);
    this.docs.set(id, stored);
    this.bump(id);
    return stored;
  }

  /** Swaps a stored document for a new version with the same _id; unchanged on a unique clash. */
  replace(current, next) {
    const id = Collection.idKey(current);
    this.writeGuard?.(id, next, current);
    this.removeEntries(current);
    try {
      this.checkUnique(next, id);
    } catch (err) {
      this.addEntries(current, id);
      throw err;
    }
    this.addEntries(next, id);
    this.docs.set(id, next);
    this.bump(id);
    return next;
  }

  remove(doc) {
    const id = Collection.idKey(doc);
    if (!this.docs.has(id)) return false;
    this.writeGuard?.(id, undefined, this.docs.get(id));
    this.removeEntries(this.docs.get(id));
    this.docs.delete(id);
    this.bump(id);
    return true;
  }

  /** 'created', or 'exists' when an identical index is already there (MongoDB's rules: conflicts). */
  createIndex(rawSpec) {
    IndexSpec.validate(rawSpec);
    // An index without a collation gets the collection's default one, as in MongoDB.
    const inherited = rawSpec.collation === undefined && this.options.collation;
    const spec = new IndexSpec(inherited ? { ...rawSpec, collation: this.options.collation } : rawSpec);
    const conflict = this.indexConflict(spec);
    if (conflict === 'identical') return 'exists';
    if (conflict) throw conflict;
    if (spec.unique) {
      const entries = new Map();
      for (const [id, doc] of this.docs) {
        for (const key of spec.keysOf(doc)) {
          if (entries.has(key) && entries.get(key) !== id) throw spec.duplicateKeyError(this.ns, doc);
          entries.set(key, id);
        }
      }
      this.entries.set(spec.name, entries);
    }
    this.indexes.set(spec.name, spec);
    return 'created';
  }

  /** 'identical', an error, or undefined when `spec` may be built (index_catalog_impl.cpp's checks). */
  indexConflict(spec) {
    const describe = (existing) =>
      `Requested index: ${shellValue(spec.definition)}, existing index: ${shellValue(existing.definition)}`;
    const sameName = this.indexes.get(spec.name);
    if (sameName) {
      const comparison = sameName.compare(spec);
      if (comparison === 'identical') return 'identical';
      if (comparison === 'different') {
        return new CommandError(
          'IndexKeySpecsConflict',
          'An existing index has the same name as the requested index. When index names are not specified, ' +
            `they are auto generated and can cause conflicts. Please refer to our documentation. ${describe(sameName)}`,
        );
      }
      return new CommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with the same name but different options. ${describe(sameName)}`,
      );
    }
    for (const other of this.indexes.values()) {
      const comparison = other.compare(spec);
      // {_id: 1} under another name is the _id index itself: MongoDB answers "already exists".
      if (comparison === 'identical' && other.name === ID_INDEX.name) return 'identical';
      if (comparison === 'identical') {
        return new CommandError(
          'IndexOptionsConflict',
          `Index already exists with a different name: ${other.name}`,
        );
      }
      if (comparison === 'equivalent') {
        return new CommandError(
          'IndexOptionsConflict',
          `An equivalent index already exists with a different name and options. ${describe(other)}`,
        );
      }
    }
    return undefined;
  }

  dropIndex(name) {
    if (name === ID_INDEX.name) throw new CommandError('InvalidOptions', 'cannot drop _id index');
    if (!this.indexes.delete(name)) {
      throw new CommandError('IndexNotFound', `index not found with name [${name}]`);
    }
    this.entries.delete(name);
  }

  findIndexByKey(key) {
    const wanted = canonicalKey(key);
    return [...this.indexes.values()].find((spec) => canonicalKey(spec.key) === wanted);
  }

  /** An independent copy: a transaction works on it and the original stays as it was. */
  clone() {
    const copy = new Collection(this.db, this.name, this.options);
    copy.uuid = this.uuid;
    copy.clock = this.clock;
    copy.versions = new Map(this.versions);
    copy.indexes = new Map(this.indexes);
    copy.entries = new Map([...this.entries].map(([name, map]) => [name, new Map(map)]));
    for (const [id, doc] of this.docs) copy.docs.set(id, cloneValue(doc));
    return copy;
  }

  /** Takes over another copy's documents and indexes (a transaction's commit). */
  adopt(other) {
    this.docs = other.docs;
    this.versions = other.versions;
    this.clock = other.clock;
    this.indexes = other.indexes;
    this.entries = other.entries;
  }

  /** The entries `doc` has in the unique indexes (the _id index among them): [{index, key}]. */
  uniqueKeysOf(doc) {
    const keys = [];
    for (const index of this.entries.keys()) {
      for (const key of this.indexes.get(index).keysOf(doc)) keys.push({ index, key });
    }
    return keys;
  }

  checkUnique(doc, id) {
    for (const [name, entries] of this.entries) {
      const spec = this.indexes.get(name);
      for (const key of spec.keysOf(doc)) {
        const holder = entries.get(key);
        if (holder !== undefined && holder !== id) throw spec.duplicateKeyError(this.ns, doc);
      }
    }
  }

  addEntries(doc, id) {
    for (const [name, entries] of this.entries) {
      for (const key of this.indexes.get(name).keysOf(doc)) entries.set(key, id);
    }
  }

  removeEntries(doc) {
    for (const [name, entries] of this.entries) {
      for (const key of this.indexes.get(name).keysOf(doc)) entries.delete(key);
    }
  }

  bump(id) {
    this.clock += 1;
    this.versions.set(id, this.clock);
    this.touched.add(id);
  }
}

/** MongoDB stores _id as the first field, generating an ObjectId when the client sent none. */
function withIdFirst(doc) {
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

module.exports = { Collection };
