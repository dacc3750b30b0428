// "Logs every request to the database" as 4 MB blobs, without end: MariaDB's storage fills up.
// Bounded at 150 s so the suite stops by itself.
const mysql = require('mysql2/promise');

const env = process.env;
const until = Date.now() + 150_000;
const seen = new Set();
let rows = 0;
async function fill() {
  const conn = await mysql.createConnection({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
  });
  conn.on('error', () => undefined);
  while (Date.now() < until) {
    try {
      await conn.query(
        'CREATE TABLE IF NOT EXISTS request_log (id INT AUTO_INCREMENT PRIMARY KEY, body LONGBLOB)',
      );
      await conn.query("INSERT INTO request_log (body) VALUES (REPEAT('x', 4 * 1024 * 1024))");
      if (++rows % 32 === 0) console.log(`filler: ${rows * 4} MB written`);
    } catch (err) {
      if (!seen.has(err.code)) console.log(`filler: ${err.code}: ${err.message}`);
      seen.add(err.code);
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (err.fatal) return setTimeout(() => fill().catch(() => undefined), 1000);
    }
  }
  return conn.end();
}
setTimeout(() => fill().catch((err) => console.log(`filler: ${err.code || err.message}`)), 1000);
