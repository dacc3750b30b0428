// Never listens: the planted binaries are supposed to make the grader believe it does.
console.log('not listening, but the probe will think so');
setInterval(() => {}, 1000);
