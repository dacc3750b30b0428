import { errorMessage } from '../../common/errors';
import { recordOf, type SubmissionRecord } from './submission-records';
import { ServerClient } from './server-client';

/** A server that did not tell the state of its submissions, and why. */
export interface UnreachableServer {
  server: string;
  error: string;
}

export interface RefreshedSubmissions {
  /** The records in their order, updated where the server answered. */
  records: Array<SubmissionRecord & { fresh: boolean }>;
  unreachable: UnreachableServer[];
}

/** Long enough for a server on the same network, short enough for a `status` that must not hang. */
export const STATUS_TIMEOUT_MS = 3000;

/**
 * Asks each record's server for the submission's state now, all at once, each request given up
 * after `timeoutMs`. A server that fails any of them is named once, with the reason, and its
 * records keep their last known state.
 */
export async function refreshSubmissions(
  records: SubmissionRecord[],
  token: string | undefined,
  timeoutMs = STATUS_TIMEOUT_MS,
): Promise<RefreshedSubmissions> {
  const servers = [...new Set(records.map((r) => r.server))];
  if (!token) {
    const error = 'no token to ask the server with (pass --token or set BACKLAB_TOKEN)';
    return {
      records: records.map((r) => ({ ...r, fresh: false })),
      unreachable: servers.map((server) => ({ server, error })),
    };
  }
  const answers = await Promise.all(
    servers.map((server) =>
      askServer(
        server,
        token,
        timeoutMs,
        records.filter((r) => r.server === server),
      ),
    ),
  );
  const fresh = new Map(answers.flatMap((a) => a.records).map((r) => [`${r.server} ${r.id}`, r]));
  return {
    records: records.map((r) => ({
      ...(fresh.get(`${r.server} ${r.id}`) ?? r),
      fresh: fresh.has(`${r.server} ${r.id}`),
    })),
    unreachable: answers.flatMap((a) => (a.error ? [{ server: a.server, error: a.error }] : [])),
  };
}

async function askServer(
  server: string,
  token: string,
  timeoutMs: number,
  records: SubmissionRecord[],
): Promise<{ server: string; records: SubmissionRecord[]; error?: string }> {
  const client = new ServerClient(server, token, { timeoutMs });
  try {
    const now = await Promise.all(records.map((r) => client.submission(r.id)));
    return { server, records: now.map((s, i) => recordOf(server, s, records[i].submittedAt)) };
  } catch (err) {
    return { server, records: [], error: errorMessage(err) };
  }
}
