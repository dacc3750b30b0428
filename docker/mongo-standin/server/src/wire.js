'use strict';
// MongoDB wire protocol framing: the 16-byte header, OP_MSG (what drivers use for commands),
// OP_QUERY (kept only because drivers still send their first handshake with it) and OP_REPLY
// (the answer to an OP_QUERY). Pure functions over Buffers, so they can be tested without sockets.
const { BSON } = require('bson');

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_COMPRESSED = 2012;
const OP_MSG = 2013;

const HEADER_SIZE = 16;
const MAX_MESSAGE_SIZE = 48_000_000;

const MSG_FLAGS = { checksumPresent: 1 << 0, moreToCome: 1 << 1, exhaustAllowed: 1 << 16 };

/** Values arrive as plain JS numbers and RegExps: what the query engine works with. */
const DESERIALIZE_OPTIONS = {
  promoteLongs: true,
  promoteValues: true,
  promoteBuffers: false,
  bsonRegExp: false,
};

class ProtocolError extends Error {}

/** Collects TCP chunks and hands out whole messages, however the stream was split. */
class FrameReader {
  constructor() {
    this.chunks = [];
    this.buffered = 0;
  }

  /** Adds a chunk and returns every message it completed (each a Buffer including its header). */
  push(chunk) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const length = head.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        throw new ProtocolError(`invalid message length ${length}`);
      }
      if (this.buffered < length) break;
      frames.push(this.take(length));
    }
    return frames;
  }

  peek(n) {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, n);
  }

  take(n) {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const frame = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }
}

function readHeader(frame) {
  return {
    messageLength: frame.readInt32LE(0),
    requestId: frame.readInt32LE(4),
    responseTo: frame.readInt32LE(8),
    opCode: frame.readInt32LE(12),
  };
}

/** A BSON document starting at `offset`, and where the next thing starts. */
function readDocument(frame, offset) {
  if (offset + 4 > frame.length) throw new ProtocolError('truncated document');
  const size = frame.readInt32LE(offset);
  if (size < 5 || offset + size > frame.length) throw new ProtocolError(`invalid document size ${size}`);
  const doc = BSON.deserialize(frame.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return { doc, next: offset + size };
}

function readCString(frame, offset) {
  const end = frame.indexOf(0, offset);
  if (end < 0) throw new ProtocolError('unterminated string');
  return { value: frame.toString('utf8', offset, end), next: end + 1 };
}

/**
 * Decodes a request into `{ requestId, opCode, command, db, moreToCome }`: the command document
 * with OP_MSG document sequences (kind 1 sections) merged in under their identifiers.
 */
function parseRequest(frame) {
  const header = readHeader(frame);
  if (header.messageLength !== frame.length)
    throw new ProtocolError('message length does not match its frame');
  if (header.opCode === OP_MSG) return { ...header, ...parseOpMsg(frame) };
  if (header.opCode === OP_QUERY) return { ...header, ...parseOpQuery(frame) };
  if (header.opCode === OP_COMPRESSED)
    throw new ProtocolError('compressed messages are not supported by the backlab MongoDB stand-in');
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

function parseOpMsg(frame) {
  const flags = frame.readUInt32LE(HEADER_SIZE);
  const end = flags & MSG_FLAGS.checksumPresent ? frame.length - 4 : frame.length;
  let offset = HEADER_SIZE + 4;
  let body;
  const sequences = {};
  while (offset < end) {
    const kind = frame.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const read = readDocument(frame, offset);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      const sectionEnd = offset + frame.readInt32LE(offset);
      const id = readCString(frame, offset + 4);
      const docs = [];
      for (let at = id.next; at < sectionEnd;) {
        const read = readDocument(frame, at);
        docs.push(read.doc);
        at = read.next;
      }
      sequences[id.value] = docs;
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  const command = { ...body, ...sequences };
  return { command, db: body.$db, moreToCome: (flags & MSG_FLAGS.moreToCome) !== 0 };
}

function parseOpQuery(frame) {
  const collection = readCString(frame, HEADER_SIZE + 4);
  // numberToSkip and numberToReturn follow; commands ignore them.
  const { doc } = readDocument(frame, collection.next + 8);
  const [db, rest] = splitNamespace(collection.value);
  if (rest !== '$cmd')
    throw new ProtocolError(`OP_QUERY is only supported for commands, not on ${collection.value}`);
  // Legacy drivers wrap the command as {$query: {...}, $readPreference: ...}.
  const command = doc.$query && typeof doc.$query === 'object' ? doc.$query : doc;
  return { command, db, moreToCome: false };
}

function splitNamespace(ns) {
  const dot = ns.indexOf('.');
  return dot < 0 ? [ns, ''] : [ns.slice(0, dot), ns.slice(dot + 1)];
}

function header(length, requestId, responseTo, opCode) {
  const buf = Buffer.alloc(HEADER_SIZE);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

const SERIALIZE_OPTIONS = { ignoreUndefined: true };

/** An OP_MSG reply holding one body section. */
function encodeOpMsg(requestId, responseTo, doc) {
  const body = BSON.serialize(doc, SERIALIZE_OPTIONS);
  const flagsAndKind = Buffer.alloc(5); // flags 0, section kind 0
  const length = HEADER_SIZE + flagsAndKind.length + body.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_MSG), flagsAndKind, body]);
}

/** An OP_REPLY holding one document: the answer to a command sent with OP_QUERY. */
function encodeOpReply(requestId, responseTo, doc) {
  const body = BSON.serialize(doc, SERIALIZE_OPTIONS);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  const length = HEADER_SIZE + fields.length + body.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_REPLY), fields, body]);
}

/** The reply in the form the request came in. */
function encodeReply(request, requestId, doc) {
  return request.opCode === OP_QUERY
    ? encodeOpReply(requestId, request.requestId, doc)
    : encodeOpMsg(requestId, request.requestId, doc);
}

module.exports = {
  OP_REPLY,
  OP_QUERY,
  OP_MSG,
  MSG_FLAGS,
  MAX_MESSAGE_SIZE,
  ProtocolError,
  FrameReader,
  parseRequest,
  encodeOpMsg,
  encodeOpReply,
  encodeReply,
};
