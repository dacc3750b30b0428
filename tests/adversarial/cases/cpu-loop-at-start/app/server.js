// A "warm-up" computation that never ends: the event loop never reaches listen().
console.log('warming up the cache');
let x = 1;
for (;;) x = (x * 48271) % 2147483647;
