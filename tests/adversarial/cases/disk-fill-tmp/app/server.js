// Writes "uploads" to /tmp until it is full, says how far it got, cleans up and serves.
const fs = require('node:fs');

const file = '/tmp/uploads.bin';
const chunk = Buffer.alloc(1024 * 1024, 7);
let mb = 0;
const fd = fs.openSync(file, 'w');
try {
  // Bounded: stops at 1 GB even if nothing stops it first.
  while (mb < 1024) {
    fs.writeSync(fd, chunk);
    mb++;
  }
  console.log(`/tmp took 1024 MB without complaint`);
} catch (err) {
  console.log(`/tmp is full after ${mb} MB (${err.code})`);
} finally {
  fs.closeSync(fd);
  fs.unlinkSync(file);
}
require('./serve.cjs');
