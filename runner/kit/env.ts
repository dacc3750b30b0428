/**
 * The coordinates a stage suite receives from the runner, as environment variables of the
 * test-runner container. Kept in one place so runner and kit cannot disagree on a name.
 */
export const KIT_ENV = {
  appUrl: 'BACKLAB_APP_URL',
  nginxUrl: 'BACKLAB_NGINX_URL',
  mysqlHost: 'BACKLAB_MYSQL_HOST',
  mysqlPort: 'BACKLAB_MYSQL_PORT',
  mysqlUser: 'BACKLAB_MYSQL_USER',
  mysqlPassword: 'BACKLAB_MYSQL_PASSWORD',
  mysqlDatabase: 'BACKLAB_MYSQL_DATABASE',
  mongoUri: 'BACKLAB_MONGODB_URI',
  mongoDatabase: 'BACKLAB_MONGODB_DATABASE',
  redisUrl: 'BACKLAB_REDIS_URL',
  /** The learner's files, read-only, for labs whose artifacts are not an app (SQL files, configs). */
  submissionDir: 'BACKLAB_SUBMISSION_DIR',
  labDir: 'BACKLAB_LAB_DIR',
  stage: 'BACKLAB_STAGE',
} as const;

export function requireEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${what} is not available to this stage (${name} is not set). Does lab.yaml declare it?`);
  }
  return value;
}
