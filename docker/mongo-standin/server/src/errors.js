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
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  DuplicateKey: 11000,
};

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

/** A query-engine failure (unknown operator, bad expression) as a command error. */
function asCommandError(error) {
  if (error instanceof CommandError) return error;
  return new CommandError('BadValue', error instanceof Error ? error.message : String(error));
}

module.exports = { CODES, CommandError, transientTransactionError, asCommandError };
