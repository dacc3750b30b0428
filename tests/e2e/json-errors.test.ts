import { backlab } from '../support/cli';

/** A script that passes --json reads one JSON document on stdout, also when the command fails. */
describe('--json when a command fails', () => {
  it.each([
    [['info', 'no-such-lab', '--json'], 'user', /^no lab `no-such-lab`; known labs: /],
    [['grade', 'no-such-lab', '.', '--format', 'json'], 'user', /^no lab `no-such-lab`/],
  ])('backlab %j prints the error as JSON and exits 2', async (args, kind, message) => {
    const run = await backlab(args as string[]);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as { error: { kind: string; message: string; hint: string } };
    expect(doc.error.kind).toBe(kind);
    expect(doc.error.message).toMatch(message);
    expect(doc.error.hint).toBeTruthy();
    // The person reading the terminal still gets the message on stderr.
    expect(run.stderr).toContain('✘');
  });
});
