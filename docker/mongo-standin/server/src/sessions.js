'use strict';
// Logical sessions: multi-document transactions (startTransaction / commitTransaction /
// abortTransaction, as the drivers send them) and retryable writes (a write retried with the
// same txnNumber answers with the first reply instead of running twice).
const { CommandError, transientTransactionError } = require('./errors');
const { TransactionView } = require('./storage/transaction-view');

class Sessions {
  /**
   * @param {import('./storage/catalog').Catalog} catalog
   * @param {boolean} replicaSet transactions and retryable writes exist only on replica sets, as in MongoDB
   */
  constructor(catalog, replicaSet) {
    this.catalog = catalog;
    this.replicaSet = replicaSet;
    this.sessions = new Map();
  }

  /**
   * Runs `execute(catalogView, inTransaction)` in the command's session context and returns its reply.
   * @param {object} cmd the command document (lsid, txnNumber, autocommit, startTransaction)
   * @param {string} name the command name
   * @param {{inTransaction?: boolean, write?: boolean}} handler
   */
  run(cmd, name, handler, execute) {
    if (cmd.txnNumber === undefined) return execute(this.catalog, false);
    if (!this.replicaSet) {
      throw new CommandError(
        'IllegalOperation',
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
    }
    if (!cmd.lsid) throw new CommandError('InvalidOptions', 'txnNumber requires a session id (lsid)');
    const session = this.session(cmd.lsid);
    const txnNumber = Number(cmd.txnNumber);
    if (cmd.autocommit === false) return this.inTransaction(session, txnNumber, cmd, name, handler, execute);
    return this.retryableWrite(session, txnNumber, name, handler, execute);
  }

  inTransaction(session, txnNumber, cmd, name, handler, execute) {
    if (cmd.startTransaction === true) {
      if (txnNumber < session.txnNumber || (txnNumber === session.txnNumber && session.txn)) {
        throw new CommandError(
          'TransactionTooOld',
          `txnNumber ${txnNumber} is not newer than ${session.txnNumber}`,
        );
      }
      // A newer transaction number ends the session's previous transaction, as in MongoDB.
      if (session.txn) end(session.txn, 'aborted');
      session.txnNumber = txnNumber;
      session.txn = { state: 'active', view: new TransactionView(this.catalog) };
    }
    const txn = session.txnNumber === txnNumber ? session.txn : undefined;
    if (txn && txn.state === 'active' && txn.view.isExpired()) end(txn, 'aborted');
    if (name === 'commitTransaction') return this.commit(txn, txnNumber);
    if (name === 'abortTransaction') return this.abort(txn, txnNumber);
    if (!txn || txn.state !== 'active') {
      if (txn?.state === 'committed') {
        throw new CommandError('TransactionCommitted', `Transaction ${txnNumber} has been committed.`);
      }
      throw transientTransactionError(
        'NoSuchTransaction',
        `Transaction ${txnNumber} has been aborted or was never started.`,
      );
    }
    if (!handler.inTransaction) {
      throw new CommandError(
        'OperationNotSupportedInTransaction',
        `Cannot run '${name}' in a multi-document transaction.`,
      );
    }
    try {
      const reply = execute(txn.view, true);
      // As in MongoDB, a failed write aborts the whole transaction.
      if (reply.writeErrors?.length) end(txn, 'aborted');
      return reply;
    } catch (err) {
      end(txn, 'aborted');
      throw err;
    }
  }

  commit(txn, txnNumber) {
    if (txn?.state === 'committed') return { ok: 1 };
    if (!txn || txn.state !== 'active') {
      throw transientTransactionError(
        'NoSuchTransaction',
        `Transaction ${txnNumber} has been aborted or was never started.`,
      );
    }
    try {
      txn.view.commit();
      end(txn, 'committed');
      return { ok: 1 };
    } catch (err) {
      end(txn, 'aborted');
      throw err;
    }
  }

  abort(txn, txnNumber) {
    if (txn?.state === 'committed') {
      throw new CommandError('TransactionCommitted', `Transaction ${txnNumber} has been committed.`);
    }
    if (!txn || txn.state !== 'active') {
      throw new CommandError(
        'NoSuchTransaction',
        `Transaction ${txnNumber} has been aborted or was never started.`,
      );
    }
    end(txn, 'aborted');
    return { ok: 1 };
  }

  retryableWrite(session, txnNumber, name, handler, execute) {
    if (!handler.write) {
      throw new CommandError('InvalidOptions', `txnNumber is only allowed with writes, not with '${name}'`);
    }
    if (txnNumber < session.txnNumber) {
      throw new CommandError(
        'TransactionTooOld',
        `txnNumber ${txnNumber} is older than ${session.txnNumber}`,
      );
    }
    if (txnNumber === session.txnNumber && session.lastWrite) return session.lastWrite;
    session.txnNumber = txnNumber;
    if (session.txn) end(session.txn, 'aborted');
    session.txn = undefined;
    const reply = execute(this.catalog, false);
    session.lastWrite = reply;
    return reply;
  }

  session(lsid) {
    const key = sessionKey(lsid);
    let session = this.sessions.get(key);
    if (!session) {
      session = { txnNumber: -1, txn: undefined, lastWrite: undefined };
      this.sessions.set(key, session);
    }
    return session;
  }

  /** endSessions: open transactions of those sessions are aborted. */
  end(lsids) {
    for (const lsid of lsids) {
      const session = this.sessions.get(sessionKey(lsid));
      if (session?.txn) end(session.txn, 'aborted');
      this.sessions.delete(sessionKey(lsid));
    }
  }
}

/** Ends a transaction: its copies are dropped and its writes stop conflicting with others'. */
function end(txn, state) {
  if (txn.state === 'active') txn.state = state;
  txn.view?.close();
  txn.view = undefined;
}

function sessionKey(lsid) {
  const id = lsid?.id;
  return id?.buffer ? Buffer.from(id.buffer).toString('hex') : String(id);
}

module.exports = { Sessions };
