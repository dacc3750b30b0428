import { InfraError } from '../../../runner/common/errors';
import { NotReadyError } from '../../../runner/docker/start-container';
import { toRunError } from '../../../runner/grading/grading-error';
import { AppNotReadyError } from '../../../runner/sandbox/app-not-ready-error';
import { AppSetupError } from '../../../runner/sandbox/package-json';
import { NginxConfigError } from '../../../runner/services/nginx-config-error';

describe('toRunError', () => {
  it("blames the submission for what the learner's code did, with their next step", () => {
    expect(
      toRunError('appStart', new AppNotReadyError('wrong-port', 'your app listens on 3006', 'read PORT')),
    ).toEqual({
      phase: 'appStart',
      message: 'your app listens on 3006',
      hint: 'read PORT',
      cause: 'submission',
    });
    expect(toRunError('install', new AppSetupError('package.json is not valid JSON')).cause).toBe(
      'submission',
    );
  });

  it("blames the submission for a refused nginx config only when it is the learner's", () => {
    const output = 'nginx: [emerg] unknown directive "proxy_pas" in /etc/nginx/conf.d/nginx.conf:43';
    const path = '/etc/nginx/conf.d/nginx.conf';
    expect(toRunError('services', new NginxConfigError(output, 'submission', 'nginx.conf', path)).cause).toBe(
      'submission',
    );
    expect(toRunError('services', new NginxConfigError(output, 'lab', 'nginx.conf', path)).cause).toBe(
      'infrastructure',
    );
  });

  it('blames the machine for Docker, services and anything unexpected', () => {
    expect(toRunError('services', new NotReadyError('MySQL did not answer', '', undefined))).toMatchObject({
      cause: 'infrastructure',
      hint: expect.stringContaining('not of your code'),
    });
    expect(
      toRunError('images', new InfraError('image missing', 'Run `backlab images build`.')),
    ).toMatchObject({ cause: 'infrastructure', hint: 'Run `backlab images build`.' });
    expect(toRunError('tests', new TypeError('x is undefined'))).toMatchObject({
      cause: 'infrastructure',
      message: 'unexpected failure: x is undefined',
    });
  });
});
