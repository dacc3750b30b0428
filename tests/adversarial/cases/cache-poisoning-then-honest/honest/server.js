// An honest learner whose dependencies come from the cache: they must be exactly what npm
// installs from the lockfile, untouched by earlier submissions.
const fs = require('node:fs');
const path = require('node:path');

const found = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name === '.poisoned' || fs.readFileSync(full, 'utf8').includes('POISONED'))
      found.push(full);
  }
};
walk(path.join(__dirname, 'node_modules'));
if (found.length || require('ms')('1s') !== 1000) {
  console.error(`poisoned dependencies: ${found.join(', ')}`);
  process.exit(4);
}
console.log('dependencies are clean');
require('./serve.cjs');
