import { BacklabError, errorMessage } from '../../common/errors';
import type { DockerClient } from '../../docker/docker-client';
import { IMAGE } from '../../docker/images/catalog';
import { LABEL } from '../../docker/labels';
import type { PackageSource } from '../../runtimes/cached-install';
import { composerSource } from '../../runtimes/composer-install';
import { pythonPackageSource } from '../../runtimes/python-package-source';
import type { Check } from './doctor';

/**
 * Where grading installs what Python and PHP apps need beyond their images (see the README's
 * "Python and PHP apps"), as this machine's settings say: a wrong setting fails every such grade.
 */
export async function packageSourceChecks(docker: DockerClient | undefined): Promise<Check[]> {
  const python = docker
    ? sourceCheck(
        'python packages',
        () =>
          pythonPackageSource({
            docker,
            runId: `doctor-${process.pid}`,
            labels: { [LABEL.managed]: '1' },
            image: IMAGE.python,
          }),
        'pip installs nothing (PIP_NO_INDEX): an app that declares a package the image lacks fails',
      )
    : Promise.resolve<Check>({
        name: 'python packages',
        status: 'warn',
        detail: `not checked: ${IMAGE.python} is not built`,
        fix: 'Run `backlab images build`.',
      });
  const php = sourceCheck(
    'composer packages',
    () => composerSource(),
    'none set: a PHP app that requires Composer packages must come with its vendor/ folder',
  );
  return Promise.all([python, php]);
}

async function sourceCheck(
  name: string,
  read: () => Promise<PackageSource | undefined>,
  none: string,
): Promise<Check> {
  try {
    const source = await read();
    return { name, status: 'ok', detail: source ? `installed from ${source.description}` : none };
  } catch (err) {
    const fix = err instanceof BacklabError ? err.hint : undefined;
    return { name, status: 'fail', detail: errorMessage(err), ...(fix ? { fix } : {}) };
  }
}
