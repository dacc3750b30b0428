'use strict';
// Command errors with MongoDB's codes and code names, so drivers classify them as they would
// a real server's (duplicate keys, transient transaction errors, authentication failures).

const CODES = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  AuthenticationFailed: 18,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  CommandNotSupported: 115,
  InvalidPipelineOperator: 168,
  ConversionFailure: 241,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  DuplicateKey: 11000,
  Location40601: 40601,
  Location40324: 40324,
};

/**
 * Every refusal of something MongoDB has but the stand-in lacks carries this exact phrase: the
 * grader looks for it in an app's log to warn that the failure may not happen on real MongoDB.
 */
const UNSUPPORTED_PHRASE = 'not supported by the backlab MongoDB stand-in';

class CommandError extends Error {
  /**
   * @param {keyof CODES} codeName
   * @param {string} message
   * @param {object} [extra] fields added to the reply (keyPattern, keyValue, errorLabels)
   */
  constructor(codeName, message, extra = {}) {
    super(message);
    this.codeName = codeName;
    this.code = CODES[codeName];
    this.extra = extra;
  }

  toReply() {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** The entry of a writeErrors array. */
  toWriteError(index) {
    const details = { ...this.extra };
    delete details.errorLabels; // labels belong to command errors, not to writeErrors entries
    return { index, code: this.code, errmsg: this.message, ...details };
  }
}

/** Errors the driver may retry the whole transaction on. */
function transientTransactionError(codeName, message) {
  return new CommandError(codeName, message, { errorLabels: ['TransientTransactionError'] });
}

/** `what` (a MongoDB feature) is refused: code 115 and the phrase the grader looks for. */
function unsupported(what, codeName = 'CommandNotSupported') {
  return new CommandError(codeName, `${what} is ${UNSUPPORTED_PHRASE}`);
}

/**
 * MongoDB operators mingo lacks, which the stand-in therefore refuses. Anything else mingo does
 * not know may be a typo as well: see unknownOperator.
 */
const KNOWN_UNSUPPORTED = new Set([
  '$text',
  '$near',
  '$nearSphere',
  '$geoWithin',
  '$geoIntersects',
  '$geoNear',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$changeStream',
  '$changeStreamSplitLargeEvent',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
  '$merge',
  '$where',
  '$function',
  '$accumulator',
  '$meta',
  '$jsonSchema',
]);

/** mingo's wording of an unknown operator, with the operator and MongoDB's error code for it. */
const ENGINE_UNKNOWN = [
  [/^unknown (?:top level|query) operator:? (\$\w+)/, 'BadValue'],
  [/^unregistered pipeline operator (\$\w+)/, 'Location40324'],
  [/^accumulator '(\$\w+)' is not registered/, 'InvalidPipelineOperator'],
  [/^(\$jsonSchema) requires/, 'BadValue'],
  // Server-side JavaScript: mingo runs only JS functions, and BSON brings strings or Code.
  [/^(\$\w+)(?: operator)? requires 'scriptEnabled'/, 'BadValue'],
  [/^Unknown pipeline operator: '(\$\w+)'/, 'InvalidOptions'],
];

function unknownOperator(message) {
  for (const [pattern, codeName] of ENGINE_UNKNOWN) {
    const name = pattern.exec(message)?.[1];
    if (!name) continue;
    if (KNOWN_UNSUPPORTED.has(name)) return unsupported(name);
    // MongoDB's code, so app code that checks it behaves the same; the phrase, because the
    // operator may well exist in MongoDB and only the stand-in lacks it.
    return new CommandError(
      codeName,
      `unknown operator: ${name} (not a MongoDB operator, or ${UNSUPPORTED_PHRASE})`,
    );
  }
  return undefined;
}

/** A query-engine failure (unknown operator, bad expression) as a command error. */
function asCommandError(error) {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return unknownOperator(message) ?? new CommandError('BadValue', message);
}

module.exports = {
  CODES,
  UNSUPPORTED_PHRASE,
  CommandError,
  transientTransactionError,
  unsupported,
  asCommandError,
};
