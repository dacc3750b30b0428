// A postinstall that "caches assets" into node_modules without end: 16 MiB at a time, up to
// 3 GiB (bounded for the suite's sake), more than the install's disk limit of 2 GiB.
const fs = require('node:fs');

fs.mkdirSync('node_modules/.asset-cache', { recursive: true });
const fd = fs.openSync('node_modules/.asset-cache/assets.bin', 'w');
const chunk = Buffer.alloc(16 * 1024 * 1024, 7);
let written = 0;
const timer = setInterval(() => {
  fs.writeSync(fd, chunk);
  written += chunk.length;
  if (written >= 3 * 1024 ** 3) clearInterval(timer);
}, 10);
