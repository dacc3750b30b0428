// Waits for a message queue that does not exist in the sandbox, and never calls listen().
console.log('connecting to the message queue...');
setInterval(() => console.log('still waiting for the message queue'), 3000);
