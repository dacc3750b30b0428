// A postinstall that "downloads a dataset" of 2 GB into the project folder, the one place that
// is writable during the install and lives on the machine's disk (bounded at 2 GB).
const fs = require('node:fs');

const chunk = Buffer.alloc(4 * 1024 * 1024, 1);
const fd = fs.openSync('dataset.bin', 'w');
let mb = 0;
try {
  while (mb < 2048) {
    fs.writeSync(fd, chunk);
    mb += 4;
  }
  console.log(`wrote ${mb} MB into the project folder`);
} catch (err) {
  console.log(`stopped after ${mb} MB: ${err.code}`);
  process.exitCode = 1;
} finally {
  fs.closeSync(fd);
}
