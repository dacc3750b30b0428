// Plants a `cat` and a `node` first on the app's PATH (node_modules/.bin): `cat /proc/net/tcp`
// shows a listener on 0.0.0.0:3000 and `node -e <probe>` prints 200, while the real app never
// listens. Anything else runs the real binaries, so the app itself starts.
const fs = require('node:fs');

fs.mkdirSync('node_modules/.bin', { recursive: true });
const fakeTcp = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 12345 1 0000000000000000 100 0 0 10 0',
].join('\\n');
const cat = `#!/bin/sh
case "$*" in
  */proc/net/tcp*) printf '${fakeTcp}\\n'; exit 0 ;;
esac
exec /bin/cat "$@"
`;
const node = `#!/bin/sh
if [ "$1" = "-e" ]; then printf 200; exit 0; fi
exec /usr/local/bin/node "$@"
`;
for (const [name, body] of [
  ['cat', cat],
  ['node', node],
]) {
  fs.writeFileSync(`node_modules/.bin/${name}`, body, { mode: 0o755 });
}
fs.mkdirSync('node/.bin', { recursive: true });
fs.writeFileSync('node/.bin/node', node, { mode: 0o755 });
console.log('planted node_modules/.bin/cat, node_modules/.bin/node, node/.bin/node');
