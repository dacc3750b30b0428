// Sets up its routes and forgets to listen: node has nothing left to do and exits with 0.
const routes = { '/hello': () => ({ message: 'hello' }) };
console.log(`routes ready: ${Object.keys(routes).join(', ')}`);
