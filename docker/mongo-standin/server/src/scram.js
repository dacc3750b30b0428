'use strict';
// The server side of SCRAM-SHA-256 (RFC 5802 / RFC 7677), MongoDB drivers' default mechanism,
// for the one root user the server is started with. Only the keys derived from the password are
// kept, as a real server stores them.
const { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } = require('node:crypto');
const { Binary } = require('bson');
const { CommandError } = require('./errors');

const MECHANISM = 'SCRAM-SHA-256';
const ITERATIONS = 15000;

const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const sha256 = (data) => createHash('sha256').update(data).digest();

/** The stored credential of a user: salt, iteration count and the derived keys. */
function deriveCredential(user, password) {
  const salt = randomBytes(28);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, ITERATIONS, 32, 'sha256');
  return {
    user,
    salt,
    iterations: ITERATIONS,
    storedKey: sha256(hmac(salted, 'Client Key')),
    serverKey: hmac(salted, 'Server Key'),
  };
}

function authFailed() {
  return new CommandError('AuthenticationFailed', 'Authentication failed.');
}

function parseAttributes(text) {
  const attributes = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) attributes[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return attributes;
}

const unescapeName = (name) => name.replace(/=2C/g, ',').replace(/=3D/g, '=');

/** One authentication conversation on one connection. */
class ScramConversation {
  /**
   * @param {ReturnType<typeof deriveCredential>} credential
   * @param {boolean} skipEmptyExchange the driver's option: finish with the server signature
   */
  constructor(credential, skipEmptyExchange) {
    this.credential = credential;
    this.skipEmptyExchange = skipEmptyExchange;
    this.step = 'start';
  }

  /** saslStart: the client-first message -> the server-first message. */
  start(payload) {
    const text = Buffer.from(payload.buffer ?? payload).toString('utf8');
    if (!text.startsWith('n,')) throw new CommandError('BadValue', 'SCRAM channel binding is not supported');
    const bare = text.slice(text.indexOf(',', 2) + 1);
    const { n: user, r: clientNonce } = parseAttributes(bare);
    if (!user || !clientNonce) throw new CommandError('BadValue', 'Invalid SCRAM client-first message');
    if (unescapeName(user) !== this.credential.user) throw authFailed();
    this.nonce = clientNonce + randomBytes(24).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.credential.salt.toString('base64')},i=${this.credential.iterations}`;
    this.clientFirstBare = bare;
    this.step = 'proof';
    return { done: false, payload: new Binary(Buffer.from(this.serverFirst)) };
  }

  /** saslContinue: checks the client's proof and answers with the server signature. */
  continue(payload) {
    if (this.step === 'final') {
      this.step = 'done';
      return { done: true, payload: new Binary(Buffer.alloc(0)) };
    }
    if (this.step !== 'proof') throw authFailed();
    const text = Buffer.from(payload.buffer ?? payload).toString('utf8');
    const proofAt = text.lastIndexOf(',p=');
    if (proofAt < 0) throw authFailed();
    const withoutProof = text.slice(0, proofAt);
    const { r: nonce } = parseAttributes(withoutProof);
    if (nonce !== this.nonce) throw authFailed();
    const proof = Buffer.from(text.slice(proofAt + 3), 'base64');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const signature = hmac(this.credential.storedKey, authMessage);
    if (proof.length !== signature.length) throw authFailed();
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i] ^ signature[i];
    if (!timingSafeEqual(sha256(clientKey), this.credential.storedKey)) throw authFailed();
    const serverSignature = hmac(this.credential.serverKey, authMessage).toString('base64');
    this.step = this.skipEmptyExchange ? 'done' : 'final';
    return { done: this.step === 'done', payload: new Binary(Buffer.from(`v=${serverSignature}`)) };
  }

  get succeeded() {
    return this.step === 'done' || this.step === 'final';
  }
}

module.exports = { MECHANISM, deriveCredential, ScramConversation };
