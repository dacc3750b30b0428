// Its .gitignore lists package-lock.json. The lockfile must still reach the sandbox (npm ci):
// the app refuses to start without it.
const fs = require('node:fs');

if (!fs.existsSync(`${__dirname}/package-lock.json`)) {
  console.error('package-lock.json was not copied into the sandbox');
  process.exit(5);
}
const version = require('ms/package.json').version;
if (version !== '2.1.3' || require('ms')('1s') !== 1000) {
  console.error(`ms ${version} is not the locked 2.1.3`);
  process.exit(6);
}
console.log(`lockfile present, ms ${version} as locked`);
require('./serve.cjs');
