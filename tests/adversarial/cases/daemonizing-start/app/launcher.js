// Like `pm2 start server.js` or `forever start`: puts the server in the background and exits 0.
const { spawn } = require('node:child_process');

const child = spawn(process.execPath, [`${__dirname}/serve.cjs`], { detached: true, stdio: 'ignore' });
child.unref();
console.log(`[launcher] server started in the background (pid ${child.pid})`);
