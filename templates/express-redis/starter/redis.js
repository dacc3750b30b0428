require('./db'); // loads .env before REDIS_URL is read
const Redis = require('ioredis');

// One client for the app; ioredis connects on its own and queues commands until it has.
module.exports = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
