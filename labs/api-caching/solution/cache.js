const { createClient } = require('redis');

// REDIS_URL comes from the environment (backlab start writes it to .env; db.js loads that file).
const client = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
client.on('error', (err) => console.error('Redis:', err.message));

// Connected once, on first use: await cache() before each command, e.g. (await cache()).get(key).
let connecting;
function cache() {
  connecting ??= client.connect().then(() => client);
  return connecting;
}

module.exports = { cache };
