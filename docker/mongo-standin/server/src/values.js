'use strict';
// Helpers over decoded BSON values: deep copies that keep BSON classes intact, and canonical
// strings that compare equal exactly when MongoDB's index keys would (1 and 1.0 are one key).

/** Plain objects and arrays are copied; BSON value objects (ObjectId, Binary...) are immutable and shared. */
function cloneValue(value) {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (isPlainObject(value)) {
    const copy = {};
    for (const [k, v] of Object.entries(value)) copy[k] = cloneValue(v);
    return copy;
  }
  return value;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function bsonType(value) {
  return value && typeof value === 'object' && typeof value._bsontype === 'string'
    ? value._bsontype
    : undefined;
}

/** A string equal for values MongoDB treats as the same key. */
function canonicalKey(value) {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') return `n:${Object.is(value, -0) ? 0 : value}`;
  if (typeof value === 'bigint') return `n:${value}`;
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `b:${value}`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof RegExp) return `r:${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  const type = bsonType(value);
  if (type === 'ObjectId') return `o:${value.toHexString()}`;
  if (type === 'Long' || type === 'Int32' || type === 'Double') return `n:${Number(value.toString())}`;
  if (type === 'Decimal128') return `n:${Number(value.toString())}`;
  if (type === 'Binary') return `x:${value.sub_type}:${Buffer.from(value.buffer).toString('base64')}`;
  if (type) return `${type}:${JSON.stringify(value)}`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`)
    .join(',')}}`;
}

/**
 * Every value at a dotted path, descending into arrays the way MongoDB's multikey indexes do.
 * A missing field yields [undefined].
 */
function valuesAtPath(value, path) {
  const parts = path.split('.');
  const out = [];
  const walk = (current, i) => {
    if (i === parts.length) {
      if (Array.isArray(current) && current.length) out.push(...current);
      else out.push(current);
      return;
    }
    if (Array.isArray(current)) {
      const index = /^\d+$/.test(parts[i]) ? Number(parts[i]) : undefined;
      if (index !== undefined && index < current.length) walk(current[index], i + 1);
      else if (current.length === 0) walk(undefined, parts.length);
      else for (const item of current) walk(item, i);
      return;
    }
    if (current === null || typeof current !== 'object' || bsonType(current)) {
      walk(undefined, parts.length);
      return;
    }
    walk(current[parts[i]], i + 1);
  };
  walk(value, 0);
  return out.length ? out : [undefined];
}

/** The value at a dotted path without descending into arrays (for keyValue in error replies). */
function valueAtPath(value, path) {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[part];
  }
  return current;
}

/** How MongoDB prints a key value in "dup key: { email: \"a@b.c\" }". */
function shellValue(value) {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  const type = bsonType(value);
  if (type === 'ObjectId') return `ObjectId('${value.toHexString()}')`;
  if (Array.isArray(value)) return `[ ${value.map(shellValue).join(', ')} ]`;
  if (type) return value.toString();
  if (typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${shellValue(v)}`)
      .join(', ')} }`;
  }
  return String(value);
}

module.exports = { cloneValue, isPlainObject, canonicalKey, valuesAtPath, valueAtPath, shellValue };
