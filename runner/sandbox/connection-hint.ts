import { stripAnsi } from '../common/plain-text';

/** Where a lab service is inside the run, and the variables that tell the app so. */
export interface ServiceWhereabouts {
  title: string;
  host: string;
  port: number;
  /** Variables holding its host or connection URL, as the app receives them. */
  variables: string[];
}

const REFUSED = /\b(?:ECONNREFUSED|connect ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH)\s+\[?([\w.:-]+?)\]?:(\d+)\b/;
const UNKNOWN_HOST = /\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)/;
const ACCESS_DENIED = /Access denied for user '([^']*)'@/;
const UNKNOWN_DATABASE = /Unknown database '([^']*)'/;
const LOCAL = /^(127\.\d+\.\d+\.\d+|localhost|::1|0\.0\.0\.0)$/;

/**
 * When the app's log shows it looked for a database in the wrong place (localhost, a host that
 * does not exist in the sandbox, a port nothing listens on), says where the service really is and
 * under which variables the app was given it.
 */
export function connectionHint(log: string, services: readonly ServiceWhereabouts[]): string | undefined {
  if (!services.length) return undefined;
  for (const line of stripAnsi(log).split('\n')) {
    const refused = REFUSED.exec(line);
    if (refused) {
      const [, host, port] = refused;
      const service = services.find((s) => s.port === Number(port)) ?? services[0];
      if (LOCAL.test(host) || host !== service.host) return wrongPlace(`${host}:${port}`, service);
    }
    const unknown = UNKNOWN_HOST.exec(line);
    if (unknown && !services.some((s) => s.host === unknown[1])) {
      return wrongPlace(`the host "${unknown[1]}", which does not exist in the sandbox`, services[0]);
    }
    const denied = ACCESS_DENIED.exec(line);
    if (denied) {
      return `your app logged in to the database as "${denied[1]}", which the sandbox does not have: read the user and password from the environment (DB_USER and DB_PASSWORD, MYSQL_USER and MYSQL_PASSWORD, or DATABASE_URL).`;
    }
    const database = UNKNOWN_DATABASE.exec(line);
    if (database) {
      return `your app asked for the database "${database[1]}", which the sandbox does not have: read its name from the environment (DB_NAME, MYSQL_DATABASE, or DATABASE_URL).`;
    }
  }
  return undefined;
}

function wrongPlace(tried: string, service: ServiceWhereabouts): string {
  const names = service.variables.slice(0, 6).join(', ');
  return `your app tried to reach its database at ${tried}, but in the grading sandbox ${service.title} runs at ${service.host}:${service.port}, given to your app as ${names}${service.variables.length > 6 ? ' and more' : ''}: read those variables instead of a fixed address.`;
}

/** The names most apps read first: shown before the rarer spellings. */
const BEST_KNOWN = [
  'DATABASE_URL',
  'MONGODB_URI',
  'MONGO_URL',
  'REDIS_URL',
  'DB_HOST',
  'MYSQL_HOST',
  'REDIS_HOST',
];

/** The variables of `env` that carry a service's host (alone or inside a connection URL). */
export function variablesNaming(host: string, env: Record<string, string>): string[] {
  // A URL names it after its credentials (mysql://u:p@host:3306) or right after the scheme (redis://host:6379).
  const named = Object.keys(env).filter(
    (k) => env[k] === host || env[k].includes(`@${host}:`) || env[k].includes(`//${host}:`),
  );
  const rank = (name: string) => (BEST_KNOWN.includes(name) ? BEST_KNOWN.indexOf(name) : BEST_KNOWN.length);
  return named.sort((a, b) => rank(a) - rank(b) || a.length - b.length || a.localeCompare(b));
}
