// Loads "the whole dataset" into memory at start: far more than the lab's 128 MB.
const hoard = [];
for (let i = 0; i < 64; i++) hoard.push(Buffer.alloc(8 * 1024 * 1024, i));
console.log(`loaded ${hoard.length * 8} MB`);
require('node:http')
  .createServer((req, res) => res.end('{}'))
  .listen(process.env.PORT || 3000);
