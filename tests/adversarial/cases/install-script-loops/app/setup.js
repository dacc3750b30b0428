// A postinstall that "waits for a download" forever (bounded at 5 minutes for the suite's sake).
const until = Date.now() + 300_000;
const timer = setInterval(() => {
  console.log('waiting for the asset server...');
  if (Date.now() > until) clearInterval(timer);
}, 1000);
