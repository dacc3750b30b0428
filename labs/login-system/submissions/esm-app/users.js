import mysql from 'mysql2/promise';

const env = process.env;

const pool = mysql.createPool({
  host: env.DB_HOST || env.MYSQL_HOST || '127.0.0.1',
  port: Number(env.DB_PORT || env.MYSQL_PORT || 3306),
  user: env.DB_USER || env.MYSQL_USER || 'root',
  password: env.DB_PASSWORD || env.MYSQL_PASSWORD || '',
  database: env.DB_NAME || env.MYSQL_DATABASE || 'app',
});

export async function createUser(email, passwordHash, name) {
  const [result] = await pool.execute('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)', [
    email,
    passwordHash,
    name ?? null,
  ]);
  return { id: result.insertId, email };
}

export async function findUserByEmail(email) {
  const [rows] = await pool.execute('SELECT id, email, password_hash FROM users WHERE email = ?', [email]);
  return rows[0];
}

export async function findUserById(id) {
  const [rows] = await pool.execute('SELECT id, email FROM users WHERE id = ?', [id]);
  return rows[0];
}
