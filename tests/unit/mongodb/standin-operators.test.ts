/**
 * The stand-in's own operators over mingo (plain JavaScript in its image folder): MongoDB's type
 * conversions, collation folding, and the refusal phrase of unsupported features.
 */
import { ObjectId } from 'mongodb';

type Doc = Record<string, unknown>;
/* eslint-disable @typescript-eslint/no-require-imports */
const { aggregateDocuments, findDocuments } =
  require('../../../docker/mongo-standin/server/src/query.js') as {
    aggregateDocuments(source: { all(): Doc[] }, pipeline: Doc[], cmd: Doc, resolve?: unknown): Doc[];
    findDocuments(collection: { all(): Doc[]; options?: Doc }, cmd: Doc): Doc[];
  };
const { asCommandError, UNSUPPORTED_PHRASE } =
  require('../../../docker/mongo-standin/server/src/errors.js') as {
    asCommandError(err: unknown): { codeName: string; code: number; message: string };
    UNSUPPORTED_PHRASE: string;
  };
/* eslint-enable @typescript-eslint/no-require-imports */

const source = (docs: Doc[], options: Doc = {}) => ({ all: () => docs, options });
const project = (doc: Doc, expressions: Doc) =>
  aggregateDocuments(source([doc]), [{ $project: { _id: 0, ...expressions } }], {})[0];
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return err as { codeName: string; message: string };
  }
  throw new Error('expected a failure');
};

describe('stand-in type conversions', () => {
  const id = new ObjectId('64b000000000000000000001');

  it('turns ObjectIds into 24-hex strings and back', () => {
    expect(
      project({ id, s: id.toHexString() }, { a: { $toString: '$id' }, b: { $toObjectId: '$s' } }),
    ).toEqual({
      a: '64b000000000000000000001',
      b: id,
    });
    expect(
      project({ id }, { same: { $toObjectId: '$id' }, type: { $type: { $toObjectId: '$id' } } }),
    ).toEqual({
      same: id,
      type: 'objectId',
    });
  });

  it('converts numbers, booleans and dates as MongoDB does', () => {
    const at = new Date('2024-01-02T03:04:05.678Z');
    expect(
      project(
        { n: 42, f: 2.5, at, yes: true },
        {
          n: { $toString: '$n' },
          f: { $toString: '$f' },
          at: { $toString: '$at' },
          yes: { $toString: '$yes' },
          int: { $toInt: '12' },
          trunc: { $toInt: 2.9 },
          dbl: { $toDouble: '1.5' },
          ms: { $toLong: '$at' },
          fromId: { $toDate: { $literal: id } },
          bool: { $toBool: '' },
        },
      ),
    ).toEqual({
      n: '42',
      f: '2.5',
      at: '2024-01-02T03:04:05.678Z',
      yes: 'true',
      int: 12,
      trunc: 2,
      dbl: 1.5,
      ms: at.getTime(),
      fromId: id.getTimestamp(),
      bool: true, // every string is true, even an empty one
    });
  });

  it('gives $convert onNull for null or missing input and onError for a failed conversion', () => {
    expect(
      project(
        { s: 'xyz' },
        {
          missing: { $convert: { input: '$nope', to: 'string', onNull: 'none' } },
          nothing: { $convert: { input: null, to: 'int' } },
          bad: { $convert: { input: '$s', to: 'objectId', onError: { $concat: ['bad ', '$s'] } } },
          byCode: { $convert: { input: '$s', to: 2 } },
        },
      ),
    ).toEqual({ missing: 'none', nothing: null, bad: 'bad xyz', byCode: 'xyz' });
  });

  it('fails a conversion without onError with ConversionFailure and MongoDB wording', () => {
    expect(failure(() => project({ s: 'abc' }, { x: { $toObjectId: '$s' } }))).toMatchObject({
      codeName: 'ConversionFailure',
      message:
        "Failed to parse objectId 'abc' in $convert with no onError value: Invalid string length for parsing to OID, expected 24 but found 3",
    });
    expect(failure(() => project({ o: { a: 1 } }, { x: { $toString: '$o' } }))).toMatchObject({
      message: 'Unsupported conversion from object to string in $convert with no onError value',
    });
    expect(failure(() => project({ s: '1.5' }, { x: { $toInt: '$s' } })).codeName).toBe('ConversionFailure');
    expect(failure(() => project({}, { x: { $convert: { input: 1, to: 'uuid-ish' } } })).codeName).toBe(
      'BadValue',
    );
  });
});

describe('stand-in collation', () => {
  const names = source([{ n: 'Ada' }, { n: 'ADA' }, { n: 'Adá' }, { n: 'bob' }]);
  const find = (filter: Doc, collation?: Doc) => findDocuments(names, { filter, collation }).map((d) => d.n);

  it('compares case-insensitively at strength 2 and also ignores diacritics at strength 1', () => {
    expect(find({ n: 'ada' }, { locale: 'en', strength: 2 })).toEqual(['Ada', 'ADA']);
    expect(find({ n: 'ada' }, { locale: 'en', strength: 1 })).toEqual(['Ada', 'ADA', 'Adá']);
    expect(find({ n: 'ada' }, { locale: 'en' })).toEqual([]);
    expect(find({ n: 'ada' }, { locale: 'simple' })).toEqual([]);
    expect(find({ n: 'ada' }, { locale: 'en', strength: 2, caseLevel: true })).toEqual([]);
  });

  it('applies to $in, $ne and $nin, but not to regular expressions', () => {
    const ci = { locale: 'en', strength: 2 };
    expect(find({ n: { $in: ['ADA', /^b/] } }, ci)).toEqual(['Ada', 'ADA', 'bob']);
    expect(find({ n: { $nin: ['ada'] } }, ci)).toEqual(['Adá', 'bob']);
    expect(find({ n: { $ne: 'BOB' } }, ci)).toEqual(['Ada', 'ADA', 'Adá']);
    expect(find({ n: /^A/ }, ci)).toEqual(['Ada', 'ADA', 'Adá']);
  });

  it("uses the collection's default collation unless the command names one", () => {
    const tags = source([{ t: 'Urgent' }], { collation: { locale: 'en', strength: 2 } });
    expect(findDocuments(tags, { filter: { t: 'urgent' } })).toHaveLength(1);
    expect(findDocuments(tags, { filter: { t: 'urgent' }, collation: { locale: 'simple' } })).toHaveLength(0);
  });
});

describe('stand-in refusals', () => {
  const engineError = (message: string) =>
    asCommandError(Object.assign(new Error(message), { name: 'MingoError' }));

  it('names features MongoDB has but the stand-in lacks with the exact phrase', () => {
    expect(UNSUPPORTED_PHRASE).toBe('not supported by the backlab MongoDB stand-in');
    expect(engineError('unknown top level operator: $text')).toMatchObject({
      codeName: 'CommandNotSupported',
      message: `$text is ${UNSUPPORTED_PHRASE}`,
    });
    expect(engineError('unknown query operator $geoWithin').message).toContain(UNSUPPORTED_PHRASE);
  });

  it("keeps MongoDB's codes for unknown operators, adding the phrase (it may exist in MongoDB)", () => {
    expect(engineError('unknown query operator $bogus')).toMatchObject({ code: 2 });
    expect(engineError('unregistered pipeline operator $bogus.')).toMatchObject({ code: 40324 });
    expect(engineError("accumulator '$bogus' is not registered.")).toMatchObject({ code: 168 });
    for (const message of ['unknown query operator $bogus', "accumulator '$bogus' is not registered."]) {
      expect(engineError(message).message).toContain(UNSUPPORTED_PHRASE);
    }
    expect(engineError('$size expects a number')).toMatchObject({
      codeName: 'BadValue',
      message: '$size expects a number',
    });
  });
});
