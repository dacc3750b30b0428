import { UserError } from '../../../runner/common/errors';
import { toRunError } from '../../../runner/grading/grading-error';
import { isNginxTestFailure, NginxConfigError } from '../../../runner/services/nginx-config-error';

const UNKNOWN_DIRECTIVE =
  '2024/05/01 10:00:00 [emerg] 7#7: unknown directive "proxy_pas" in /etc/nginx/conf.d/nginx.conf:43\n' +
  'nginx: configuration file /etc/nginx/nginx.conf test failed\n';
const WRAPPED_IN_HTTP =
  '2024/05/01 10:00:00 [emerg] 8#8: "events" directive is not allowed here in /etc/nginx/conf.d/nginx.conf:4\n' +
  'nginx: configuration file /etc/nginx/nginx.conf test failed\n';

describe('isNginxTestFailure', () => {
  test('recognises the last line of a failed nginx -t', () => {
    expect(isNginxTestFailure(UNKNOWN_DIRECTIVE)).toBe(true);
  });

  test('does not take a passing test or an unrelated crash for one', () => {
    expect(isNginxTestFailure('nginx: configuration file /etc/nginx/nginx.conf test is successful')).toBe(
      false,
    );
    expect(isNginxTestFailure('bash: nginx: command not found')).toBe(false);
    expect(isNginxTestFailure('')).toBe(false);
  });
});

describe('NginxConfigError', () => {
  test("keeps nginx's output as the message, unchanged but for the trailing newline", () => {
    const error = new NginxConfigError(
      UNKNOWN_DIRECTIVE,
      'submission',
      'nginx.conf',
      '/etc/nginx/conf.d/nginx.conf',
    );
    expect(error.message).toBe(UNKNOWN_DIRECTIVE.trimEnd());
  });

  test("is the learner's to fix, with a hint that maps nginx's path to their file", () => {
    const error = new NginxConfigError(
      UNKNOWN_DIRECTIVE,
      'submission',
      'nginx.conf',
      '/etc/nginx/conf.d/nginx.conf',
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error.hint).toBe(
      'Fix nginx.conf at the line nginx names (/etc/nginx/conf.d/nginx.conf is your nginx.conf), then grade again.',
    );
  });

  test('explains the http { } wrapper when the file is a complete nginx.conf', () => {
    const error = new NginxConfigError(
      WRAPPED_IN_HTTP,
      'submission',
      'nginx.conf',
      '/etc/nginx/conf.d/nginx.conf',
    );
    expect(error.hint).toContain('inside its own http { } block');
    expect(error.hint).toContain('remove the user, events and http { } wrappers');
  });

  test("a lab's own configuration is the lab author's problem", () => {
    const error = new NginxConfigError(
      UNKNOWN_DIRECTIVE,
      'lab',
      'proxy.conf',
      '/etc/nginx/conf.d/proxy.conf',
    );
    expect(error.hint).toBe(
      "nginx rejected the lab's own proxy.conf: this is a problem of the lab, not of your code. Tell the lab's author.",
    );
  });
});

describe('a rejected configuration in a grade', () => {
  test("is reported as the learner's mistake with nginx's words, not as a problem of the machine", () => {
    const error = new NginxConfigError(
      UNKNOWN_DIRECTIVE,
      'submission',
      'nginx.conf',
      '/etc/nginx/conf.d/nginx.conf',
    );
    expect(toRunError('services', error)).toEqual({
      phase: 'services',
      message: UNKNOWN_DIRECTIVE.trimEnd(),
      hint: 'Fix nginx.conf at the line nginx names (/etc/nginx/conf.d/nginx.conf is your nginx.conf), then grade again.',
      cause: 'submission',
    });
  });
});
