'use strict';
// MongoDB's type conversion expressions ($convert and the $toX shorthands), registered over
// mingo's: mingo knows nothing of BSON types, so it cannot turn an ObjectId into its 24-hex
// string or back, which apps do all the time ($toString: '$_id', {$toObjectId: '$$productId'} in
// a $lookup). Semantics and error wording follow MongoDB 7.0's $convert.
const { Decimal128, ObjectId } = require('bson');
const { evalExpr } = require('mingo/core');
const { CommandError } = require('../errors');

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);
const TYPE_NAMES = {
  1: 'double',
  2: 'string',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  16: 'int',
  18: 'long',
  19: 'decimal',
};

/** MongoDB's name for the BSON type of a decoded value, as $type and error messages print it. */
function typeName(value) {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (Array.isArray(value)) return 'array';
  const names = {
    ObjectId: 'objectId',
    Long: 'long',
    Decimal128: 'decimal',
    Binary: 'binData',
    Timestamp: 'timestamp',
    Double: 'double',
    Int32: 'int',
  };
  return names[value._bsontype] ?? 'object';
}

/** A failed conversion; $convert turns it into onError when it has one. */
class ConversionError extends Error {
  constructor(head, detail) {
    super(head);
    this.detail = detail;
  }

  /** MongoDB's wording: "<what failed> in $convert with no onError value[: <why>]". */
  toCommandError() {
    const why = this.detail ? `: ${this.detail}` : '';
    return new CommandError('ConversionFailure', `${this.message} in $convert with no onError value${why}`);
  }
}

const fail = (head, detail) => {
  throw new ConversionError(head, detail);
};
const unsupportedConversion = (value, to) => fail(`Unsupported conversion from ${typeName(value)} to ${to}`);

/** Long and Decimal128 arrive as objects; anything else numeric is a JS number. */
function numeric(value) {
  if (typeof value === 'number') return value;
  if (
    value?._bsontype === 'Long' ||
    value?._bsontype === 'Decimal128' ||
    value?._bsontype === 'Double' ||
    value?._bsontype === 'Int32'
  )
    return Number(value.toString());
  return undefined;
}

function toStringValue(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value?._bsontype === 'ObjectId') return value.toHexString();
  const n = numeric(value);
  if (n !== undefined) return value?._bsontype === 'Decimal128' ? value.toString() : String(n);
  return unsupportedConversion(value, 'string');
}

function toObjectIdValue(value) {
  if (value?._bsontype === 'ObjectId') return value;
  if (typeof value !== 'string') return unsupportedConversion(value, 'objectId');
  const head = `Failed to parse objectId '${value}'`;
  if (value.length !== 24) {
    return fail(head, `Invalid string length for parsing to OID, expected 24 but found ${value.length}`);
  }
  if (!/^[0-9a-fA-F]{24}$/.test(value)) return fail(head, 'Invalid character found in hex string');
  return ObjectId.createFromHexString(value);
}

function toDoubleValue(value) {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  const n = numeric(value);
  if (n !== undefined) return n;
  if (typeof value === 'string') {
    const parsed = value.trim() === value && value !== '' ? Number(value) : NaN;
    if (Number.isNaN(parsed) && !/^[-+]?nan$/i.test(value)) return fail(`Failed to parse number '${value}'`);
    return parsed;
  }
  return unsupportedConversion(value, 'double');
}

/** int and long: integral strings only, doubles truncated, out of range an error. */
function toIntegerValue(value, to) {
  const [min, max] =
    to === 'int' ? [INT32_MIN, INT32_MAX] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  let n;
  if (typeof value === 'string') {
    if (!/^[-+]?\d+$/.test(value)) return fail(`Failed to parse number '${value}'`);
    n = Number(value);
  } else if (value instanceof Date) {
    if (to === 'int') return unsupportedConversion(value, 'int');
    n = value.getTime();
  } else n = toDoubleValue(value);
  if (!Number.isFinite(n)) return fail(`Attempt to convert ${n} value to integer type`);
  const truncated = Math.trunc(n);
  if (truncated < min || truncated > max) return fail('Conversion would overflow target type');
  // A JS number, not a Long, so that mingo can still do arithmetic with the result.
  return truncated;
}

function toBoolValue(value) {
  if (typeof value === 'boolean') return value;
  const n = numeric(value);
  if (n !== undefined) return n !== 0;
  // Strings (even empty), ObjectIds, dates, objects and arrays are all true in MongoDB.
  return true;
}

function toDateValue(value) {
  if (value instanceof Date) return value;
  if (value?._bsontype === 'ObjectId') return value.getTimestamp();
  if (typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? fail(`Error parsing date string '${value}'`) : date;
  }
  const n = numeric(value);
  if (n !== undefined && typeof value !== 'number') return new Date(n); // long or decimal: milliseconds
  if (typeof value === 'number' && !Number.isInteger(value)) return new Date(Math.trunc(value));
  if (typeof value === 'number') return new Date(value);
  return unsupportedConversion(value, 'date');
}

function toDecimalValue(value) {
  if (value?._bsontype === 'Decimal128') return value;
  const n = toDoubleValue(value);
  // A numeric string keeps its digits; anything else goes through its double value.
  return Decimal128.fromString(typeof value === 'string' ? value : String(n));
}

const CONVERTERS = {
  string: toStringValue,
  objectId: toObjectIdValue,
  double: toDoubleValue,
  int: (v) => toIntegerValue(v, 'int'),
  long: (v) => toIntegerValue(v, 'long'),
  bool: toBoolValue,
  date: toDateValue,
  decimal: toDecimalValue,
};

/** The target type of $convert's `to`: a name or a BSON type number. */
function targetType(to) {
  const name = typeof to === 'number' ? TYPE_NAMES[to] : to;
  if (!Object.hasOwn(CONVERTERS, name)) {
    throw new CommandError('BadValue', `Unknown type name: ${JSON.stringify(to)} in $convert`);
  }
  return name;
}

/** {input, to, onError, onNull}: onNull for null or missing input, onError for a failed conversion. */
function $convert(obj, expr, options) {
  if (!expr || typeof expr !== 'object' || !('input' in expr) || !('to' in expr)) {
    throw new CommandError('FailedToParse', "Missing 'input' or 'to' parameter to $convert");
  }
  const to = targetType(evalExpr(obj, expr.to, options));
  const input = evalExpr(obj, expr.input, options);
  if (input === undefined || input === null) {
    return 'onNull' in expr ? (evalExpr(obj, expr.onNull, options) ?? null) : null;
  }
  try {
    return CONVERTERS[to](input);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    if ('onError' in expr) return evalExpr(obj, expr.onError, options);
    throw err.toCommandError();
  }
}

/** {$toString: x} is {$convert: {input: x, to: 'string'}}; it also accepts [x]. */
const shorthand = (to) => (obj, expr, options) =>
  $convert(obj, { input: Array.isArray(expr) && expr.length === 1 ? expr[0] : expr, to }, options);

/** mingo names ObjectIds "objectid"; MongoDB says "objectId" (and the same for long/decimal). */
function $type(obj, expr, options) {
  const value = evalExpr(obj, Array.isArray(expr) && expr.length === 1 ? expr[0] : expr, options);
  return typeName(value);
}

const CONVERSION_OPERATORS = {
  $convert,
  $toString: shorthand('string'),
  $toObjectId: shorthand('objectId'),
  $toDouble: shorthand('double'),
  $toInt: shorthand('int'),
  $toLong: shorthand('long'),
  $toBool: shorthand('bool'),
  $toDate: shorthand('date'),
  $toDecimal: shorthand('decimal'),
  $type,
};

module.exports = { CONVERSION_OPERATORS, typeName };
