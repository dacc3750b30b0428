// Logs about 1.85 MB at start, then crashes. Its uncaughtException handler, like many
// hand-rolled loggers, prints the trace and, a moment later, flushes the request log it buffered,
// 0.3 MB more: the container's 2 MiB log rotates after the trace, not before it.
const line = `${'boot: request log '.repeat(200)}\n`;

/** Writes about `bytes` of log, then calls `then` once all of it has left the process. */
function print(bytes, then) {
  for (let written = 0; written < bytes; written += line.length) process.stdout.write(line);
  process.stdout.write('', then);
}

process.on('uncaughtException', (err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
  setTimeout(() => print(0.3 * 1024 ** 2, () => {}), 300);
});

print(1.85 * 1024 ** 2, () =>
  setTimeout(() => {
    throw new Error('config: SESSION_SECRET missing — the trace logged before the flush');
  }, 300),
);
