import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../common/errors';
import type { DockerClient } from '../../docker/docker-client';
import { servicesToStart } from '../../grading/service-specs';
import { startSandboxedApp } from '../../grading/start-sandboxed-app';
import { removeInstallWay } from '../../sandbox/registry-gateway';
import type { Lab } from '../../lab';
import { findDevServices } from '../../services/dev-environment';
import { reloadDevNginx } from '../../services/dev-nginx';
import type { Environment, ServiceSpec } from '../../services/environment';
import type { NginxOptions } from '../../services/nginx';
import type { CliContext } from '../cli-context';
import { readState, stateDir } from '../workspace-state';

/**
 * Whether development runs the lab's own app: a lab that brings the app (nginx in front of it)
 * leaves the learner nothing to run on the host, and its nginx can resolve the app only on the
 * environment's network. A lab whose app the learner writes runs it on the host instead.
 */
export function runsLabAppForDevelopment(lab: Lab): boolean {
  return lab.app?.source.from === 'lab';
}

/**
 * Starts the lab's app (every instance, under the names the tests and configurations use:
 * app-1, app-2) in a development environment, then the services that sit in front of it, nginx
 * with the learner's configuration. The same sandboxed containers as a grade, kept running: the
 * app's log until now is in .backlab/dev/app.log.
 */
export async function startLabAppForDevelopment(
  ctx: CliContext,
  docker: DockerClient,
  env: Environment,
  lab: Lab,
  folder: string,
  afterApp: ServiceSpec[],
): Promise<void> {
  const devDir = join(stateDir(folder), 'dev');
  await mkdir(devDir, { recursive: true });
  const request = { lab, submissionDir: folder, hidden: false, workspace: folder, runDir: devDir };
  const app = await startSandboxedApp.prepare({ docker, progress: ctx.progress }, env, request);
  // An install that reached the registry leaves its gateway idle; no teardown comes until `stop`.
  await removeInstallWay(docker, env.labels);
  await app.start(join(devDir, 'app.log'));
  await app.detach();
  await env.startServices(afterApp);
}

/**
 * Before `backlab test` grades a folder whose development environment runs nginx: the folder's
 * current configuration and static files go into that nginx too, and it reloads, so that what
 * the learner tries by hand matches what is graded. Never stops the grade: a refused
 * configuration is shown in nginx's words, and the grade reports it again for its stage.
 */
export async function refreshDevelopmentNginx(
  ctx: CliContext,
  docker: DockerClient,
  lab: Lab,
  folder: string,
): Promise<void> {
  const devRunId = (await readState(folder))?.devRunId;
  const spec = [...Object.values(servicesToStart(lab, folder))].flat().find((s) => s.kind === 'nginx');
  if (!devRunId || !spec) return;
  const nginx = (await findDevServices(docker, devRunId)).find((s) => s.role === 'nginx' && s.running);
  if (!nginx) return;
  try {
    const outcome = await reloadDevNginx(docker, nginx.containerId, spec.options as NginxOptions);
    if (outcome.reloaded) ctx.progress.info('Reloaded the development nginx with your configuration');
    else
      ctx.progress.warn(
        `nginx -t refused ${outcome.file}, so the development nginx keeps serving the configuration it last accepted:\n${outcome.output}`,
      );
  } catch (err) {
    ctx.progress.warn(`could not reload the development nginx: ${errorMessage(err)}`);
  }
}
