/** Lets a request through only with "Authorization: Bearer <token>" of a logged-in user. */
function requireUser(store) {
  return (req, res, next) => {
    const match = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '');
    const user = match && store.userOfToken(match[1]);
    if (!user) return res.status(401).json({ error: 'Log in first' });
    req.user = user;
    next();
  };
}

module.exports = { requireUser };
