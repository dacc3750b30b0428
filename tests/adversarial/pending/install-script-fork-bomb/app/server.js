const fs = require('node:fs');

console.log(fs.readFileSync(`${__dirname}/bomb-evidence.txt`, 'utf8'));
require('./serve.cjs');
