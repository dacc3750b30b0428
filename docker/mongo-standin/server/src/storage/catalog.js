'use strict';
// Every database and collection of the server. Databases exist while they hold a collection,
// as in MongoDB: writing to a missing collection creates it (and its database).
const { CommandError } = require('../errors');
const { Collection } = require('./collection');

class Catalog {
  constructor() {
    /** @type {Map<string, Map<string, Collection>>} */
    this.databases = new Map();
    /** @type {Set<import('./transaction-view').TransactionView>} transactions not yet ended */
    this.openTransactions = new Set();
  }

  get(db, name) {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created on first use as an insert or upsert would. */
  getOrCreate(db, name) {
    return this.get(db, name) ?? this.add(new Collection(db, name));
  }

  /** The explicit `create` command: an error when the collection exists. */
  create(db, name, options) {
    if (this.get(db, name))
      throw new CommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    return this.add(new Collection(db, name, options));
  }

  add(collection) {
    validateName(collection.db, collection.name);
    if (!this.databases.has(collection.db)) this.databases.set(collection.db, new Map());
    this.databases.get(collection.db).set(collection.name, collection);
    return collection;
  }

  drop(db, name) {
    const collections = this.databases.get(db);
    const existed = collections?.delete(name) ?? false;
    if (collections && collections.size === 0) this.databases.delete(db);
    return existed;
  }

  dropDatabase(db) {
    return this.databases.delete(db);
  }

  collections(db) {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  databaseNames() {
    return [...this.databases.keys()];
  }
}

function validateName(db, name) {
  if (!db || /[/\\. "$]/.test(db))
    throw new CommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.startsWith('.') || name.includes('\0')) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: ${db}.${name}`);
  }
}

module.exports = { Catalog };
