// A daemon that outlives whoever started it, if it can.
const fs = require('node:fs');

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
let beats = 0;
setInterval(() => {
  beats++;
  fs.writeFileSync('/tmp/daemon-heartbeat', String(beats));
}, 200);
