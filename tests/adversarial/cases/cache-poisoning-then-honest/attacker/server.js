console.log(`attacker's ms says ${require('ms')('1s')}`);
require('./serve.cjs');
