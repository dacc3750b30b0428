// Reports what the install-time probe found, then serves.
const fs = require('node:fs');

console.log(`install-time DNS: ${fs.readFileSync(`${__dirname}/dns-probe.json`, 'utf8')}`);
require('./serve.cjs');
