// Logs every iteration of a hot loop: about 300 MB on stdout at full speed, while serving
// correctly. Bounded so the suite stops by itself.
require('./serve.cjs');

const line = `${'debug: cache miss, recomputing '.repeat(30)}\n`;
const chunk = line.repeat(Math.floor((1024 * 1024) / line.length));
let written = 0;
function flood() {
  for (let i = 0; i < 4; i++) process.stdout.write(chunk);
  written += 4 * chunk.length;
  if (written < 300 * 1024 * 1024) setImmediate(flood);
  else console.log(`flood over after ${Math.round(written / 1024 ** 2)} MB`);
}
flood();
