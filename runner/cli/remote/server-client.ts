import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { InfraError, UserError, errorMessage } from '../../common/errors';
import { SseParser, type ServerSentEvent } from './sse-parser';

/** What the CLI reads of a submission document (the server's GET /api/submissions/:id). */
export interface RemoteSubmission {
  id: string;
  lab: string;
  createdAt?: string;
  status: 'queued' | 'running' | 'graded' | 'error';
  attempt: number;
  /** Once graded: the result's own status and score. */
  resultStatus?: 'pass' | 'fail' | 'error';
  score?: number;
  maxScore?: number;
  result?: unknown;
  error?: string;
}

export interface UploadAnswer {
  id: string;
  status: string;
  /** The server already had this upload (same Idempotency-Key or same content). */
  existing: boolean;
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const CHUNK_BYTES = 64 * 1024;

/** The submission API over HTTP(S), with errors phrased for the learner. */
export class ServerClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    /** Gives up on a request that has not answered by then; none by default (uploads take long). */
    private readonly opts: { timeoutMs?: number } = {},
  ) {}

  /** POSTs the archive, reporting bytes sent; the same key makes a retried upload harmless. */
  async upload(
    lab: string,
    archive: Buffer,
    idempotencyKey: string,
    onProgress: (sent: number, total: number) => void,
  ): Promise<UploadAnswer> {
    const answer = await this.request('POST', `/api/submissions?lab=${encodeURIComponent(lab)}`, {
      headers: {
        'Content-Type': 'application/gzip',
        'Content-Length': String(archive.length),
        'Idempotency-Key': idempotencyKey,
      },
      body: archive,
      onProgress,
    });
    return this.json<UploadAnswer>(answer, 202);
  }

  async submission(id: string): Promise<RemoteSubmission> {
    return this.json<RemoteSubmission>(
      await this.request('GET', `/api/submissions/${encodeURIComponent(id)}`),
      200,
    );
  }

  /**
   * Follows the submission's event stream, calling `onEvent` for each event, until the server ends
   * it (the grade finished) or the connection drops. Resolves true when ended by the server.
   */
  follow(id: string, onEvent: (event: ServerSentEvent) => void): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const req = this.transport().request(
        this.url(`/api/submissions/${encodeURIComponent(id)}/events`),
        { method: 'GET', headers: { ...this.auth(), Accept: 'text/event-stream' } },
        (res) => {
          if (res.statusCode !== 200) {
            collect(res).then(
              (body) => reject(this.failure({ status: res.statusCode ?? 0, headers: res.headers, body })),
              reject,
            );
            return;
          }
          const parser = new SseParser();
          let ended = false;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            for (const event of parser.push(chunk)) {
              if (event.event === 'end') ended = true;
              onEvent(event);
            }
          });
          res.on('end', () => resolve(ended));
          res.on('error', () => resolve(ended));
          res.on('close', () => resolve(ended));
        },
      );
      req.on('error', () => resolve(false));
      req.end();
    });
  }

  private async json<T>(answer: Answer, expected: number): Promise<T> {
    if (answer.status !== expected) throw this.failure(answer);
    return JSON.parse(answer.body.toString('utf8')) as T;
  }

  /** An error answer as a UserError (something the learner can act on) or an InfraError. */
  private failure(answer: Answer): Error {
    let message = `the server answered ${answer.status}`;
    try {
      const parsed = JSON.parse(answer.body.toString('utf8')) as { error?: { message?: string } };
      if (parsed.error?.message) message = parsed.error.message;
    } catch {
      // Not JSON (a proxy's error page): keep the status.
    }
    const retryAfter = answer.headers['retry-after'];
    switch (answer.status) {
      case 401:
        return new UserError(
          `the server did not accept your token: ${message}`,
          'Check --token, BACKLAB_TOKEN or the token in your backlab config file; your instructor can give you a new one.',
        );
      case 404:
        return new UserError(message);
      case 429:
        return new UserError(
          `too many submissions: ${message}`,
          retryAfter ? `Wait ${retryAfter} s and submit again.` : undefined,
        );
      case 503:
        return new InfraError(
          `the server is busy: ${message}`,
          retryAfter ? `Try again in ${retryAfter} s.` : undefined,
        );
      default:
        return answer.status >= 500
          ? new InfraError(`the server failed (${answer.status}): ${message}`)
          : new UserError(message);
    }
  }

  private request(
    method: string,
    path: string,
    opts: {
      headers?: Record<string, string>;
      body?: Buffer;
      onProgress?: (sent: number, total: number) => void;
    } = {},
  ): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      let answered = false;
      const req = this.transport().request(
        this.url(path),
        { method, headers: { ...this.auth(), Accept: 'application/json', ...opts.headers } },
        (res) => {
          answered = true;
          collect(res).then(
            (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
            reject,
          );
        },
      );
      const timeoutMs = this.opts.timeoutMs;
      if (timeoutMs)
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (err) => {
        // A server that refuses an upload answers before reading it all; that answer counts.
        if (!answered)
          reject(
            new InfraError(
              `could not reach ${this.baseUrl} (${errorMessage(err)})`,
              'Check the --server address and your network, then submit again.',
            ),
          );
      });
      if (!opts.body) return void req.end();
      void writeInChunks(req, opts.body, opts.onProgress, () => answered);
    });
  }

  private transport(): typeof http | typeof https {
    return this.baseUrl.startsWith('https:') ? https : http;
  }

  /**
   * `path` below the server's address, keeping any path the address has: a server behind a
   * reverse proxy at https://host/backlab answers at https://host/backlab/api/….
   */
  private url(path: string): URL {
    return new URL(path.replace(/^\/+/, ''), `${this.baseUrl}/`);
  }

  private auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }
}

async function writeInChunks(
  req: http.ClientRequest,
  body: Buffer,
  onProgress: ((sent: number, total: number) => void) | undefined,
  stop: () => boolean,
): Promise<void> {
  for (let sent = 0; sent < body.length && !stop();) {
    const chunk = body.subarray(sent, sent + CHUNK_BYTES);
    sent += chunk.length;
    if (!req.write(chunk))
      await new Promise<void>((resolve) => (req.once('drain', resolve), req.once('close', resolve)));
    onProgress?.(sent, body.length);
  }
  req.end();
}

function collect(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}
