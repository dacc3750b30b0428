// Uses express without declaring it in package.json (it was installed globally on the
// learner's machine).
const express = require('express');

const app = express();
app.get('/health', (req, res) => res.json({ status: 'ok' }));
app.get('/hello', (req, res) => res.json({ message: 'hello' }));
app.listen(process.env.PORT || 3000);
