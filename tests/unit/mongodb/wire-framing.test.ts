import { BSON } from 'mongodb';

/** The stand-in's wire module (plain JavaScript inside its image folder). */
interface WireModule {
  OP_REPLY: number;
  OP_QUERY: number;
  OP_MSG: number;
  FrameReader: new () => { push(chunk: Buffer): Buffer[] };
  ProtocolError: new (message: string) => Error;
  parseRequest(frame: Buffer): {
    requestId: number;
    opCode: number;
    command: Record<string, unknown>;
    db: string;
    moreToCome: boolean;
  };
  encodeOpMsg(requestId: number, responseTo: number, doc: object): Buffer;
  encodeOpReply(requestId: number, responseTo: number, doc: object): Buffer;
  encodeReply(request: { opCode: number; requestId: number }, requestId: number, doc: object): Buffer;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wire = require('../../../docker/mongo-standin/server/src/wire.js') as WireModule;

function header(length: number, requestId: number, opCode: number): Buffer {
  const buf = Buffer.alloc(16);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(0, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

function cstring(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}

/** An OP_MSG as a driver writes it: flags, a body section and optional document sequences. */
function opMsg(
  requestId: number,
  body: object,
  opts: { flags?: number; sequences?: Record<string, object[]>; checksum?: boolean } = {},
): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((opts.flags ?? 0) | (opts.checksum ? 1 : 0));
  const parts: Buffer[] = [flags, Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of Object.entries(opts.sequences ?? {})) {
    const payload = Buffer.concat([cstring(id), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  if (opts.checksum) parts.push(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  const rest = Buffer.concat(parts);
  return Buffer.concat([header(16 + rest.length, requestId, wire.OP_MSG), rest]);
}

function opQuery(requestId: number, namespace: string, query: object): Buffer {
  const skipAndReturn = Buffer.alloc(8);
  skipAndReturn.writeInt32LE(-1, 4);
  const rest = Buffer.concat([
    Buffer.alloc(4),
    cstring(namespace),
    skipAndReturn,
    Buffer.from(BSON.serialize(query)),
  ]);
  return Buffer.concat([header(16 + rest.length, requestId, wire.OP_QUERY), rest]);
}

describe('stand-in wire protocol: frame reader', () => {
  it('reassembles a message delivered one byte at a time', () => {
    const message = opMsg(7, { ping: 1, $db: 'admin' });
    const reader = new wire.FrameReader();
    const frames: Buffer[] = [];
    for (const byte of message) frames.push(...reader.push(Buffer.from([byte])));
    expect(frames).toHaveLength(1);
    expect(frames[0].equals(message)).toBe(true);
  });

  it('splits several messages that arrive in one chunk, keeping a partial tail for later', () => {
    const a = opMsg(1, { ping: 1, $db: 'admin' });
    const b = opMsg(2, { find: 'users', $db: 'app' });
    const c = opMsg(3, { hello: 1, $db: 'admin' });
    const reader = new wire.FrameReader();
    const first = reader.push(Buffer.concat([a, b, c.subarray(0, 10)]));
    expect(first.map((f) => wire.parseRequest(f).requestId)).toEqual([1, 2]);
    const second = reader.push(c.subarray(10));
    expect(second.map((f) => wire.parseRequest(f).requestId)).toEqual([3]);
  });

  it('rejects an impossible message length instead of waiting for it forever', () => {
    const reader = new wire.FrameReader();
    const bogus = Buffer.alloc(16);
    bogus.writeInt32LE(3, 0);
    expect(() => reader.push(bogus)).toThrow(wire.ProtocolError);
    const huge = Buffer.alloc(16);
    huge.writeInt32LE(100_000_000, 0);
    expect(() => new wire.FrameReader().push(huge)).toThrow(/invalid message length 100000000/);
  });
});

describe('stand-in wire protocol: requests', () => {
  it('reads an OP_MSG body with its database', () => {
    const request = wire.parseRequest(opMsg(42, { find: 'users', filter: { age: { $gt: 3 } }, $db: 'app' }));
    expect(request).toMatchObject({ requestId: 42, opCode: wire.OP_MSG, db: 'app', moreToCome: false });
    expect(request.command).toEqual({ find: 'users', filter: { age: { $gt: 3 } }, $db: 'app' });
  });

  it('merges document sequences (kind 1 sections) into the command under their identifier', () => {
    const docs = [{ a: 1 }, { a: 2 }, { a: 3 }];
    const request = wire.parseRequest(
      opMsg(5, { insert: 'things', $db: 'app' }, { sequences: { documents: docs } }),
    );
    expect(request.command).toEqual({ insert: 'things', $db: 'app', documents: docs });
  });

  it('ignores a trailing checksum and reports moreToCome (no reply expected)', () => {
    const request = wire.parseRequest(opMsg(6, { insert: 'x', $db: 'app' }, { flags: 2, checksum: true }));
    expect(request.moreToCome).toBe(true);
    expect(request.command).toEqual({ insert: 'x', $db: 'app' });
  });

  it('reads the legacy OP_QUERY handshake, with or without a $query wrapper', () => {
    const plain = wire.parseRequest(opQuery(9, 'admin.$cmd', { ismaster: 1, helloOk: true }));
    expect(plain).toMatchObject({
      opCode: wire.OP_QUERY,
      db: 'admin',
      command: { ismaster: 1, helloOk: true },
    });
    const wrapped = wire.parseRequest(
      opQuery(10, 'admin.$cmd', { $query: { isMaster: 1 }, $readPreference: { mode: 'primary' } }),
    );
    expect(wrapped.command).toEqual({ isMaster: 1 });
  });

  it('refuses OP_QUERY on a collection (only commands are supported)', () => {
    expect(() => wire.parseRequest(opQuery(11, 'app.users', { name: 'x' }))).toThrow(
      /only supported for commands/,
    );
  });

  it('refuses a frame whose header length does not match', () => {
    const message = opMsg(1, { ping: 1, $db: 'admin' });
    expect(() => wire.parseRequest(Buffer.concat([message, Buffer.alloc(1)]))).toThrow(wire.ProtocolError);
  });
});

describe('stand-in wire protocol: replies', () => {
  it('encodes an OP_MSG reply that answers the request id', () => {
    const reply = wire.encodeOpMsg(100, 42, { ok: 1, n: 3 });
    expect(reply.readInt32LE(0)).toBe(reply.length);
    expect(reply.readInt32LE(4)).toBe(100);
    expect(reply.readInt32LE(8)).toBe(42);
    expect(reply.readInt32LE(12)).toBe(wire.OP_MSG);
    expect(reply.readUInt32LE(16)).toBe(0);
    expect(reply.readUInt8(20)).toBe(0);
    expect(BSON.deserialize(reply.subarray(21))).toEqual({ ok: 1, n: 3 });
  });

  it('encodes an OP_REPLY with one document for OP_QUERY requests', () => {
    const reply = wire.encodeReply({ opCode: wire.OP_QUERY, requestId: 9 }, 101, { ismaster: true, ok: 1 });
    expect(reply.readInt32LE(0)).toBe(reply.length);
    expect(reply.readInt32LE(8)).toBe(9);
    expect(reply.readInt32LE(12)).toBe(wire.OP_REPLY);
    expect(reply.readInt32LE(32)).toBe(1); // numberReturned
    expect(BSON.deserialize(reply.subarray(36))).toEqual({ ismaster: true, ok: 1 });
  });

  it('leaves undefined fields out of replies', () => {
    const reply = wire.encodeOpMsg(1, 1, { ok: 1, missing: undefined });
    expect(BSON.deserialize(reply.subarray(21))).toEqual({ ok: 1 });
  });
});
