require('./serve.cjs');
