'use strict';
// Open cursors: the rest of a find or aggregate result, handed out by getMore in batches.
// Results are computed when the cursor opens, so a batch never sees later writes half-way.
const { BSON, Long } = require('bson');
const { CommandError } = require('./errors');

const DEFAULT_FIRST_BATCH = 101;
/** getMore without batchSize fills a reply up to this many bytes, as MongoDB does (16 MiB). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** Idle cursors are closed after ten minutes, like MongoDB's cursorTimeoutMillis. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

class CursorRegistry {
  constructor() {
    this.open = new Map();
    this.nextId = 1;
    this.sweeper = setInterval(() => this.closeIdle(), 60_000).unref();
  }

  /**
   * The reply of a command that returns a cursor: the first batch, and a cursor id when more remain.
   * @param {object} opts {batchSize, singleBatch, owner}
   */
  openCursor(ns, docs, opts = {}) {
    // batchSize 0 asks for an empty first batch: the cursor only opens.
    const first = opts.batchSize === 0 ? [] : takeBatch(docs, opts.batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (docs.length && !opts.singleBatch) {
      id = this.nextId++;
      this.open.set(id, { ns, docs, owner: opts.owner, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch: first, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  getMore(id, ns, batchSize, owner) {
    const cursor = this.open.get(id);
    if (!cursor || cursor.ns !== ns) throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
    if (cursor.owner !== owner) {
      throw new CommandError('Unauthorized', `cursor id ${id} was not created by the authenticated user`);
    }
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor.docs, batchSize);
    const exhausted = cursor.docs.length === 0;
    if (exhausted) this.open.delete(id);
    return { cursor: { nextBatch: batch, id: Long.fromNumber(exhausted ? 0 : id), ns }, ok: 1 };
  }

  kill(ids) {
    const killed = [];
    const notFound = [];
    for (const id of ids)
      (this.open.delete(Number(id)) ? killed : notFound).push(Long.fromNumber(Number(id)));
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  closeIdle(now = Date.now()) {
    for (const [id, cursor] of this.open) if (now - cursor.lastUsed > IDLE_TIMEOUT_MS) this.open.delete(id);
  }
}

/** Removes and returns the next batch: `limit` documents (0 or none: as many as fit in a reply). */
function takeBatch(docs, limit) {
  if (limit > 0) return docs.splice(0, limit);
  let bytes = 0;
  let count = 0;
  while (count < docs.length) {
    bytes += BSON.calculateObjectSize(docs[count]);
    if (count > 0 && bytes > MAX_BATCH_BYTES) break;
    count += 1;
  }
  return docs.splice(0, count);
}

module.exports = { CursorRegistry, DEFAULT_FIRST_BATCH };
