// Logs every iteration of a hot loop: about 300 MB on stdout as fast as the pipe takes it,
// while serving correctly. Bounded so the suite stops by itself.
require('./serve.cjs');

const line = `${'debug: cache miss, recomputing '.repeat(30)}\n`;
const chunk = line.repeat(Math.floor((1024 * 1024) / line.length));
let written = 0;
function flood() {
  while (written < 300 * 1024 * 1024) {
    written += chunk.length;
    if (!process.stdout.write(chunk)) return process.stdout.once('drain', flood);
  }
  return console.log(`flood over after ${Math.round(written / 1024 ** 2)} MB`);
}
flood();
