// Builds a large cache before listening: 15 s, longer than the lab's 10 s ready timeout.
console.log('building the cache before listening');
setTimeout(() => {
  console.log('cache built, listening');
  require('./serve.cjs');
}, 15_000);
