const mysql = require('mysql2/promise');

// Loads ./.env for local runs; variables already in the environment win.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone configures the app.
}

const env = process.env;

const pool = mysql.createPool({
  host: env.DB_HOST || env.MYSQL_HOST || '127.0.0.1',
  port: Number(env.DB_PORT || env.MYSQL_PORT || 3306),
  user: env.DB_USER || env.MYSQL_USER || 'root',
  password: env.DB_PASSWORD || env.MYSQL_PASSWORD || '',
  database: env.DB_NAME || env.MYSQL_DATABASE || 'app',
  connectionLimit: 10,
});

module.exports = pool;
