// Starts long sleeps until no process can be started any more, and retries (gently: every
// 50 ms) whenever one ends, so the process limit stays full. Bounded at 10 minutes.
const { spawn } = require('node:child_process');

const until = Date.now() + 600_000;
function more() {
  if (Date.now() > until) return;
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  child.on('spawn', () => setImmediate(more));
  child.on('error', () => setTimeout(more, 50));
}
more();
