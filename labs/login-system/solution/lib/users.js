const pool = require('../db');

// Every query uses ? placeholders: values never become part of the SQL text.

async function createUser({ email, passwordHash, name }) {
  const [result] = await pool.execute('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)', [
    email,
    passwordHash,
    name ?? null,
  ]);
  return { id: result.insertId, email };
}

async function findUserByEmail(email) {
  const [rows] = await pool.execute('SELECT id, email, password_hash FROM users WHERE email = ?', [email]);
  return rows[0];
}

async function findUserById(id) {
  const [rows] = await pool.execute('SELECT id, email FROM users WHERE id = ?', [id]);
  return rows[0];
}

module.exports = { createUser, findUserByEmail, findUserById };
