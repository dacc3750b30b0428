const mysql = require('mysql2/promise');

// Loads ./.env for local runs (written by `backlab start`); the environment wins.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone configures the app.
}

const env = process.env;

const pool = mysql.createPool({
  host: env.DB_HOST || '127.0.0.1',
  port: Number(env.DB_PORT || 3306),
  user: env.DB_USER || 'root',
  password: env.DB_PASSWORD || '',
  database: env.DB_NAME || 'app',
  connectionLimit: 5,
});

module.exports = pool;
