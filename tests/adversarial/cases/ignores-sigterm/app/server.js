// Refuses to stop: SIGTERM, SIGINT and SIGHUP are ignored, and so is a child's.
const { spawn } = require('node:child_process');

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => console.log(`ignoring ${signal}`));
}
spawn('sh', ['-c', "trap '' TERM INT HUP; while :; do sleep 1; done"], { stdio: 'inherit' });
require('./serve.cjs');
