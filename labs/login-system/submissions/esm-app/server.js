// The reference solution written as ES modules ("type": "module").
import app from './app.js';

const port = Number(process.env.PORT) || 3000;

app.listen(port, '0.0.0.0', () => console.log(`login-system (ESM) listening on port ${port}`));
