// Known-bad: authenticates but never authorises. Any customer with a token may create, change
// and delete products.
const { collection } = require('../db');
const { unauthorized } = require('./errors');

async function requireUser(req, res, next) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '');
  if (!match) throw unauthorized('Send your API token as "Authorization: Bearer <token>"');
  const user = await collection('users').findOne({ apiToken: match[1] });
  if (!user) throw unauthorized('Unknown API token');
  req.user = user;
  next();
}

const requireAdmin = [requireUser];

module.exports = { requireUser, requireAdmin };
