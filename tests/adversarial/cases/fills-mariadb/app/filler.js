// "Keeps a scratch copy of every request" in a temporary table, 4 MB blobs, without end: the
// temporary table lives as long as its session (the stage resets do not drop it) and MariaDB's
// storage fills up. Bounded at 150 s so the suite stops by itself.
const mysql = require('mysql2/promise');

const env = process.env;
const until = Date.now() + 150_000;
const seen = new Set();
let mb = 0;
// The server listens once the filler has hit a limit, so the stages run against a full MariaDB
// however fast the grade is.
let hitLimit = () => {};
const firstFailure = new Promise((resolve) => (hitLimit = resolve));
async function fill() {
  const conn = await mysql.createConnection({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
  });
  conn.on('error', () => undefined);
  await conn.query(
    'CREATE TEMPORARY TABLE IF NOT EXISTS scratch (id INT AUTO_INCREMENT PRIMARY KEY, body LONGBLOB)',
  );
  while (Date.now() < until) {
    try {
      await conn.query("INSERT INTO scratch (body) VALUES (REPEAT('x', 4 * 1024 * 1024))");
      if ((mb += 4) % 128 === 0) console.log(`filler: ${mb} MB written`);
    } catch (err) {
      if (!seen.has(err.code)) console.log(`filler: after ${mb} MB: ${err.code}: ${err.message}`);
      hitLimit();
      seen.add(err.code);
      if (err.fatal) return setTimeout(() => fill().catch(() => undefined), 1000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return conn.end();
}
fill().catch((err) => console.log(`filler: ${err.code || err.message}`));
module.exports = { firstFailure };
