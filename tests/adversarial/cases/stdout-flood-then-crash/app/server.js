// Prints about 20 MB at start (Docker rotates its 2 MiB log several times meanwhile), then crashes
// with a trace whose last line is the one a learner needs to read in the report.
const line = `${'boot: loading fixtures '.repeat(20)}\n`;
const chunk = line.repeat(Math.floor((256 * 1024) / line.length));
let written = 0;
function flood() {
  while (written < 20 * 1024 * 1024) {
    written += chunk.length;
    if (!process.stdout.write(chunk)) return process.stdout.once('drain', flood);
  }
  return process.stdout.write('', () => {
    throw new Error('config: DATABASE_URL missing — the last words of the flooding app');
  });
}
flood();
