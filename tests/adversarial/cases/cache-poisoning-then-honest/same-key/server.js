// Same package.json and lockfile as the honest learner (so the same dependency cache key):
// tries to rewrite the shared node_modules from the running app.
const fs = require('node:fs');

for (const target of [`${__dirname}/node_modules/ms/index.js`, `${__dirname}/node_modules/.poisoned`]) {
  try {
    fs.writeFileSync(target, "module.exports = () => 'POISONED';\n");
    console.log(`poison: wrote ${target}`);
  } catch (err) {
    console.log(`poison: ${target}: ${err.code}`);
  }
}
require('./serve.cjs');
