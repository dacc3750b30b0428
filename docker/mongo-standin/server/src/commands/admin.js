'use strict';
// Collections, databases and indexes: create, drop, dropDatabase, renameCollection,
// createIndexes, listIndexes, dropIndexes, listCollections, listDatabases.
const { BSON } = require('bson');
const { CommandError, unsupported } = require('../errors');
const { matcher } = require('../query');
const { IndexSpec } = require('../storage/index-spec');

/** create options the stand-in cannot honour: refusing them beats silently ignoring them. */
const UNSUPPORTED_CREATE_OPTIONS = [
  'capped',
  'viewOn',
  'validator',
  'validationLevel',
  'validationAction',
  'timeseries',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
  'expireAfterSeconds',
];

function collectionName(cmd, name) {
  const value = cmd[name];
  if (typeof value !== 'string' || !value) {
    throw new CommandError(
      'InvalidNamespace',
      `collection name must be a non-empty string, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const create = {
  run(cmd, ctx) {
    const refused = UNSUPPORTED_CREATE_OPTIONS.filter((option) => cmd[option] !== undefined);
    if (refused.length) throw unsupported(`create with ${refused.join(', ')}`);
    // A default collation applies to the collection's queries and indexes (see query.js).
    ctx.base.create(ctx.db, collectionName(cmd, 'create'), cmd.collation ? { collation: cmd.collation } : {});
    return { ok: 1 };
  },
};

const drop = {
  run(cmd, ctx) {
    const name = collectionName(cmd, 'drop');
    const collection = ctx.base.get(ctx.db, name);
    ctx.base.drop(ctx.db, name);
    // Since MongoDB 7.0 dropping a missing collection succeeds.
    return collection ? { nIndexesWas: collection.indexes.size, ns: collection.ns, ok: 1 } : { ok: 1 };
  },
};

const dropDatabase = {
  run(_cmd, ctx) {
    ctx.base.dropDatabase(ctx.db);
    return { ok: 1 };
  },
};

const renameCollection = {
  run(cmd, ctx) {
    const [fromDb, from] = splitNamespace(cmd.renameCollection);
    const [toDb, to] = splitNamespace(cmd.to);
    const source = ctx.base.get(fromDb, from);
    if (!source)
      throw new CommandError('NamespaceNotFound', `Source collection ${cmd.renameCollection} does not exist`);
    if (ctx.base.get(toDb, to)) {
      if (!cmd.dropTarget) throw new CommandError('NamespaceExists', `target namespace exists: ${cmd.to}`);
      ctx.base.drop(toDb, to);
    }
    ctx.base.drop(fromDb, from);
    source.db = toDb;
    source.name = to;
    ctx.base.add(source);
    return { ok: 1 };
  },
};

function splitNamespace(ns) {
  const dot = typeof ns === 'string' ? ns.indexOf('.') : -1;
  if (dot <= 0) throw new CommandError('InvalidNamespace', `Invalid namespace specified '${ns}'`);
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

const createIndexes = {
  run(cmd, ctx) {
    const name = collectionName(cmd, 'createIndexes');
    if (!Array.isArray(cmd.indexes) || !cmd.indexes.length) {
      throw new CommandError('BadValue', "'indexes' must be a non-empty array of index specifications");
    }
    const existed = Boolean(ctx.base.get(ctx.db, name));
    const collection = ctx.base.getOrCreate(ctx.db, name);
    const before = collection.indexes.size;
    const created = [];
    try {
      for (const spec of cmd.indexes) {
        const named = { ...spec, name: spec.name ?? IndexSpec.defaultName(spec.key ?? {}) };
        if (collection.createIndex(named) === 'created') created.push(named.name);
      }
    } catch (err) {
      // All or nothing, like MongoDB's index builds.
      for (const indexName of created) collection.dropIndex(indexName);
      throw err;
    }
    return {
      numIndexesBefore: before,
      numIndexesAfter: collection.indexes.size,
      createdCollectionAutomatically: !existed,
      ...(created.length ? {} : { note: 'all indexes already exist' }),
      ok: 1,
    };
  },
};

const listIndexes = {
  run(cmd, ctx) {
    const name = collectionName(cmd, 'listIndexes');
    const collection = ctx.base.get(ctx.db, name);
    if (!collection) throw new CommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
    const docs = [...collection.indexes.values()].map((spec) => ({ ...spec.definition }));
    return ctx.cursors.openCursor(`${ctx.db}.$cmd.listIndexes.${name}`, docs, {
      batchSize: cmd.cursor?.batchSize,
      owner: ctx.connection.user,
    });
  },
};

const dropIndexes = {
  run(cmd, ctx) {
    const name = collectionName(cmd, 'dropIndexes');
    const collection = ctx.base.get(ctx.db, name);
    if (!collection) throw new CommandError('NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
    const before = collection.indexes.size;
    for (const indexName of indexNames(collection, cmd.index)) collection.dropIndex(indexName);
    return { nIndexesWas: before, ok: 1 };
  },
};

function indexNames(collection, index) {
  if (index === '*') return [...collection.indexes.keys()].filter((n) => n !== '_id_');
  if (typeof index === 'string') return [index];
  if (Array.isArray(index)) return index;
  const spec = index && collection.findIndexByKey(index);
  if (!spec) throw new CommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(index)}`);
  return [spec.name];
}

const listCollections = {
  run(cmd, ctx) {
    const test = matcher(cmd.filter);
    const docs = ctx.base
      .collections(ctx.db)
      .map((c) =>
        cmd.nameOnly
          ? { name: c.name, type: 'collection' }
          : {
              name: c.name,
              type: 'collection',
              options: c.options,
              info: { readOnly: false, uuid: c.uuid },
              idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
            },
      )
      .filter(test);
    return ctx.cursors.openCursor(`${ctx.db}.$cmd.listCollections`, docs, {
      batchSize: cmd.cursor?.batchSize,
      owner: ctx.connection.user,
    });
  },
};

const listDatabases = {
  run(cmd, ctx) {
    const test = matcher(cmd.filter);
    const databases = ctx.base
      .databaseNames()
      .map((name) => {
        const sizeOnDisk = ctx.base
          .collections(name)
          .reduce((sum, c) => sum + c.all().reduce((s, doc) => s + BSON.calculateObjectSize(doc), 0), 0);
        return cmd.nameOnly ? { name } : { name, sizeOnDisk, empty: sizeOnDisk === 0 };
      })
      .filter(test);
    const totalSize = databases.reduce((sum, d) => sum + (d.sizeOnDisk ?? 0), 0);
    return cmd.nameOnly
      ? { databases, ok: 1 }
      : { databases, totalSize, totalSizeMb: Math.floor(totalSize / 2 ** 20), ok: 1 };
  },
};

module.exports = {
  create,
  drop,
  dropDatabase,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
  listCollections,
  listDatabases,
};
