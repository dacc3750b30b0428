import { join } from 'node:path';
import type { Lab, SourcePath } from '../lab';
import type { ServiceSpec } from '../services/environment';

/**
 * The lab's services as the environment starts them. nginx comes after the app because it
 * resolves its upstream host names when it starts.
 */
export function servicesToStart(
  lab: Lab,
  submissionDir: string,
): { beforeApp: ServiceSpec[]; afterApp: ServiceSpec[] } {
  const beforeApp: ServiceSpec[] = [];
  const afterApp: ServiceSpec[] = [];
  if (lab.services.mysql) {
    beforeApp.push({
      kind: 'mysql',
      options: { database: lab.services.mysql.database, initScripts: lab.services.mysql.initScripts },
    });
  }
  if (lab.services.mongodb) {
    beforeApp.push({
      kind: 'mongodb',
      options: { database: lab.services.mongodb.database, seedFiles: lab.services.mongodb.seedFiles },
    });
  }
  if (lab.services.redis) beforeApp.push({ kind: 'redis' });
  if (lab.services.nginx) {
    const { config, static: staticFiles } = lab.services.nginx;
    const spec: ServiceSpec = {
      kind: 'nginx',
      options: {
        ...(config ? { configFile: resolveSource(config, submissionDir), configFrom: config.from } : {}),
        ...(staticFiles ? { staticDir: resolveSource(staticFiles, submissionDir) } : {}),
      },
    };
    (lab.app ? afterApp : beforeApp).push(spec);
  }
  return { beforeApp, afterApp };
}

/** Lab paths are already absolute; submission paths are relative to the learner's folder. */
export function resolveSource(source: SourcePath, submissionDir: string): string {
  return source.from === 'lab' ? source.path : join(submissionDir, source.path);
}
