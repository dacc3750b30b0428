// Keeps a transaction open on users for as long as the app runs: START TRANSACTION, one read,
// never COMMIT. When its session is ended it opens a new one, so every reset meets one.
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
    await conn.query('START TRANSACTION');
    await conn.query('SELECT COUNT(*) AS n FROM users');
    console.log(`holder: transaction ${++holds} open on users, never committed`);
  } catch (err) {
    console.log(`holder: ${err.code || err.message}; trying again`);
    setTimeout(hold, 1000);
  }
}
hold();
