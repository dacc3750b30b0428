// A postinstall that "warms up its workers": a shell fork loop, each process starting two more,
// until no process can start. It waits for the loop (bounded at 60 s for the suite's sake).
const { spawn } = require('node:child_process');

const loop = spawn('sh', ['-c', 'f() { f | f & }; f; i=0; while [ $i -lt 60 ]; do sleep 1 || exit 2; i=$((i+1)); done'], {
  stdio: 'inherit',
});
loop.on('exit', (code) => process.exit(code ?? 1));
