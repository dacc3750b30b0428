const { collection } = require('../db');
const { forbidden, unauthorized } = require('./errors');

// "Authorization: Bearer <token>", where the token is a user's apiToken in the users collection.
// Looked up on every request, so users added to the database work at once.
async function requireUser(req, res, next) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '');
  if (!match) throw unauthorized('Send your API token as "Authorization: Bearer <token>"');
  const user = await collection('users').findOne({ apiToken: match[1] });
  if (!user) throw unauthorized('Unknown API token');
  req.user = user;
  next();
}

function requireRole(role) {
  return (req, res, next) => {
    if (req.user?.role !== role) throw forbidden(`Only ${role}s may do this`);
    next();
  };
}

// Authentication first (401 for strangers), then authorisation (403 for customers).
const requireAdmin = [requireUser, requireRole('admin')];

module.exports = { requireUser, requireAdmin };
