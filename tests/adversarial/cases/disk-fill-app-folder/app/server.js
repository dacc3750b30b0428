// Tries to write a big cache file into its own folder, its node_modules and the root: all
// read-only at run time. It notes what happened and serves.
const fs = require('node:fs');
const path = require('node:path');

const chunk = Buffer.alloc(1024 * 1024, 7);
for (const target of [
  path.join(__dirname, 'cache.bin'),
  path.join(__dirname, 'node_modules', 'cache.bin'),
  '/cache.bin',
  '/var/tmp/cache.bin',
]) {
  let mb = 0;
  try {
    const fd = fs.openSync(target, 'w');
    try {
      while (mb < 256) {
        fs.writeSync(fd, chunk);
        mb++;
      }
    } finally {
      fs.closeSync(fd);
      fs.unlinkSync(target);
    }
    console.log(`write to ${target}: wrote ${mb} MB`);
  } catch (err) {
    console.log(`write to ${target} failed after ${mb} MB: ${err.code}`);
  }
}
require('./serve.cjs');
