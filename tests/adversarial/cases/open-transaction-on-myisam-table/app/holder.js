// A cache table of its own in MyISAM (as old tutorials write it), read inside a transaction
// that is never committed: no InnoDB transaction to see, but its metadata lock blocks DROP.
const mysql = require('mysql2/promise');

const env = process.env;
let holds = 0;
async function hold() {
  try {
    const conn = await mysql.createConnection({
      host: env.DB_HOST,
      port: Number(env.DB_PORT),
      user: env.DB_USER,
      password: env.DB_PASSWORD,
      database: env.DB_NAME,
    });
    conn.on('error', (err) => {
      console.log(`holder: session ended (${err.code}); holding again`);
      setTimeout(hold, 500);
    });
    await conn.query(
      'CREATE TABLE IF NOT EXISTS page_cache (k VARCHAR(64) PRIMARY KEY, v TEXT) ENGINE=MyISAM',
    );
    await conn.query('START TRANSACTION');
    await conn.query('SELECT COUNT(*) AS n FROM page_cache');
    console.log(`holder: transaction ${++holds} open on page_cache (MyISAM), never committed`);
  } catch (err) {
    console.log(`holder: ${err.code || err.message}; trying again`);
    setTimeout(hold, 1000);
  }
}
hold();
