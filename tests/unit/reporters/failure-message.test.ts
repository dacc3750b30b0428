import { failureLines, summarizeFailure } from '../../../runner/grading/reporters/failure-message';

describe('summarizeFailure', () => {
  it('keeps the diff of a toEqual failure and drops the matcher hint, code frame and stack', () => {
    const message = [
      'Error: \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoEqual\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m) // deep equality\u001b[22m',
      '',
      '- Expected  - 1',
      '+ Received  + 1',
      '',
      '  Object {',
      '-   "error": "not logged in",',
      '+   "user": null,',
      '  }',
      '',
      "> 47 |     expect(res.body).toEqual({ error: 'not logged in' });",
      '     |                      ^',
      '',
      '    at Object.<anonymous> (/lab/tests/03-sessions.test.ts:47:22)',
    ].join('\n');
    expect(summarizeFailure(message).lines).toEqual([
      '- Expected  - 1',
      '+ Received  + 1',
      '',
      '  Object {',
      '-   "error": "not logged in",',
      '+   "user": null,',
      '  }',
    ]);
  });

  it('turns an Expected/Received pair into a short inline form', () => {
    const message =
      'expect(received).not.toBe(expected)\n\nExpected: 401\nReceived: 200\n    at x (y.ts:1:1)';
    expect(summarizeFailure(message, 'rejects with 401')).toEqual({
      lines: ['Expected: 401', 'Received: 200'],
      inline: 'got 200',
    });
    expect(summarizeFailure(message, 'rejects').inline).toBe('expected 401, got 200');
  });

  it("keeps jest's timeout sentence without its advice to test authors", () => {
    const message =
      'thrown: "Exceeded timeout of 5000 ms for a test.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."\n    at it (t.ts:1:1)';
    expect(summarizeFailure(message)).toEqual({ lines: ['Exceeded timeout of 5000 ms for a test.'] });
  });

  it('strips "Error: " and keeps other error names', () => {
    expect(summarizeFailure('Error: connect ECONNREFUSED 172.18.0.3:3000').lines).toEqual([
      'connect ECONNREFUSED 172.18.0.3:3000',
    ]);
    expect(summarizeFailure("TypeError: Cannot read properties of undefined (reading 'id')").lines).toEqual([
      "TypeError: Cannot read properties of undefined (reading 'id')",
    ]);
  });

  it('caps long messages and long lines', () => {
    const message = Array.from(
      { length: 20 },
      (_, i) => `line ${i + 1} ${'x'.repeat(i === 0 ? 300 : 1)}`,
    ).join('\n');
    const { lines } = summarizeFailure(message);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toHaveLength(200);
    expect(lines[0].endsWith('…')).toBe(true);
    expect(lines[7]).toBe('… 13 more lines');
  });
});

describe('failureLines', () => {
  it('keeps every line whole, without jest scaffolding', () => {
    const sentence = `expected 400, 401 or 429, got 200 — ${'the injected SQL logged the attacker in. '.repeat(8)}Fix: use ? placeholders.`;
    const message = [
      `Error: ${sentence}`,
      ...Array.from({ length: 12 }, (_, i) => `detail ${i}`),
      '    at x (y.ts:1:1)',
    ];
    const lines = failureLines(message.join('\n'));
    expect(lines[0]).toBe(sentence);
    expect(lines).toHaveLength(13);
  });
});
