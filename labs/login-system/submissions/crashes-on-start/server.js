// Known-bad: throws before listening, as a missing module or a typo at boot would.
const app = require('./app');

const port = Number(process.env.PORT) || 3000;
const settings = undefined;

app.listen(settings.port ?? port, '0.0.0.0');
