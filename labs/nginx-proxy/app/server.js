// The shop API behind nginx. Two copies run (app-1 and app-2); every answer says which one
// answered, in the X-Instance header and in JSON bodies, so load balancing can be seen.
const express = require('express');
const { PRODUCTS } = require('./products');

const instance = `app-${process.env.BACKLAB_APP_INSTANCE || '1'}`;
const port = Number(process.env.PORT || 3000);
const app = express();

app.disable('x-powered-by');
app.use(express.json());
app.use((req, res, next) => {
  res.set('X-Instance', instance);
  next();
});

app.get('/health', (req, res) => res.json({ ok: true, instance }));

app.get('/api/hello', (req, res) => res.json({ message: 'Hello from the shop API', instance }));

app.get('/api/products', (req, res) => res.json({ instance, products: PRODUCTS }));

// What the app received, as nginx passed it on: path, Host, client address headers, body.
app.use('/api/echo', (req, res) => {
  res.json({
    instance,
    method: req.method,
    url: req.originalUrl,
    host: req.get('host') ?? null,
    forwardedFor: req.get('x-forwarded-for') ?? null,
    realIp: req.get('x-real-ip') ?? null,
    body: req.body ?? null,
  });
});

app.post('/api/login', (req, res) => {
  const { username, password } = req.body ?? {};
  if (username === 'demo' && password === 'demo-password') {
    return res.json({ token: `token-for-${username}`, instance });
  }
  res.status(401).json({ error: 'Invalid username or password', instance });
});

app.use('/api', (req, res) =>
  res.status(404).json({ error: `No API route ${req.method} ${req.originalUrl}`, instance }),
);

app.listen(port, '0.0.0.0', () => console.log(`${instance} listening on port ${port}`));
