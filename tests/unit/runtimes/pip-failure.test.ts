import { InfraError } from '../../../runner/common/errors';
import { pipFailure } from '../../../runner/runtimes/pip-failure';
import { AppSetupError } from '../../../runner/sandbox/package-json';

const source = {
  index: new URL('https://mirror.example.test/simple/'),
  fileHosts: [],
  description: 'the package index https://mirror.example.test/simple/',
};
const attempt = {
  requirements: ['Flask-JWT-Extended==4.6.0', 'stripe'],
  manifest: 'requirements.txt',
  source,
};

describe('pipFailure', () => {
  it('blames the machine, naming the packages and the index, when the index cannot be reached', () => {
    const output = [
      "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ProxyError('Cannot connect to proxy.', OSError('Tunnel connection failed: 502 Bad Gateway'))': /simple/flask-jwt-extended/",
      'ERROR: Could not find a version that satisfies the requirement Flask-JWT-Extended==4.6.0 (from versions: none)',
      'ERROR: No matching distribution found for Flask-JWT-Extended==4.6.0',
    ].join('\n');
    const error = pipFailure(output, attempt);
    expect(error).toBeInstanceOf(InfraError);
    expect(error!.message).toBe(
      'requirements.txt needs Flask-JWT-Extended==4.6.0, stripe, which the Python sandbox does not have, and pip could not reach the package index https://mirror.example.test/simple/ to install them: 502 Bad Gateway',
    );
  });

  it("blames the submission for a package or version the index does not have, naming pip's choice", () => {
    const output = [
      'Looking in indexes: https://mirror.example.test/simple/',
      'ERROR: Could not find a version that satisfies the requirement stripe==99.0 (from versions: 7.0.0, 7.1.0)',
      'ERROR: No matching distribution found for stripe==99.0',
    ].join('\n');
    const error = pipFailure(output, { ...attempt, requirements: ['stripe==99.0'] });
    expect(error).toBeInstanceOf(AppSetupError);
    expect(error!.message).toBe(
      'requirements.txt needs stripe==99.0, which neither the Python sandbox nor the package index https://mirror.example.test/simple/ has',
    );
    expect((error as AppSetupError).hint).toMatch(/pip index versions/);
  });

  it("passes on pip's own error lines otherwise, and leaves output that is not pip's to the install stage", () => {
    const error = pipFailure('Collecting x\nERROR: x-1.0.tar.gz has an invalid wheel\n', attempt);
    expect(error).toBeInstanceOf(AppSetupError);
    expect(error!.message).toBe(
      'pip could not install Flask-JWT-Extended==4.6.0, stripe from the package index https://mirror.example.test/simple/:\nERROR: x-1.0.tar.gz has an invalid wheel',
    );
    expect(pipFailure('Killed\n', attempt)).toBeUndefined();
  });

  it('blames the app for downloads from elsewhere: hosts the gateway refused, or any network with a folder as the source', () => {
    const output =
      "WARNING: Retrying ... 'Tunnel connection failed: 403 Not the package registry'\nERROR: Could not install requirement x @ https://elsewhere.example.test/x.whl\n";
    const ownUrl = { ...attempt, requirements: ['x @ https://elsewhere.example.test/x.whl'] };
    const refused = pipFailure(output, ownUrl, ['elsewhere.example.test']);
    expect(refused).toBeInstanceOf(AppSetupError);
    expect(refused).toMatchObject({ blame: 'sandbox' });
    expect(refused!.message).toBe(
      'requirements.txt makes pip download from elsewhere.example.test (refused by the sandbox), but grading installs packages only from the package index https://mirror.example.test/simple/',
    );
    // Without a URL of the app's, the index itself sent pip elsewhere: the machine's setting.
    expect(pipFailure(output, attempt, ['elsewhere.example.test'])).toBeInstanceOf(InfraError);
    const folder = { fileHosts: [], folder: '/srv/wheels', description: 'the folder /srv/wheels' };
    const offline = pipFailure(
      "WARNING: Retrying ... NewConnectionError('Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')\nERROR: Could not install x\n",
      { ...ownUrl, source: folder },
    );
    expect(offline).toMatchObject({ blame: 'sandbox' });
    expect(offline!.message).toMatch(
      /makes pip download from the network \(refused by the sandbox\), but grading installs packages only from the folder \/srv\/wheels$/,
    );
  });
});
