// Starts a "background worker" in its own session, detached and unreferenced, that ignores
// signals and never ends; the app itself serves correctly.
const { spawn } = require('node:child_process');

const daemon = spawn(process.execPath, [`${__dirname}/daemon.cjs`], { detached: true, stdio: 'ignore' });
daemon.unref();
console.log(`background worker started (pid ${daemon.pid})`);
require('./serve.cjs');
