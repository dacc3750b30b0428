// Dumps a 64 MB object as one line (no newline until the end), then serves correctly.
const part = 'x'.repeat(1024 * 1024);
for (let i = 0; i < 64; i++) process.stdout.write(part);
process.stdout.write('\nthe big line is over\n');
require('./serve.cjs');
