/**
 * Requests that arrive at the app at the same moment. Each is sent, connection and headers
 * first, with its body held back by one byte; once every one is on its way, the last bytes all
 * go out together. The app then starts handling them all at once, instead of finishing the
 * first before the tenth has even arrived.
 */
import http from 'node:http';
import { appUrl } from 'backlab/kit';

export interface PlainResponse {
  status: number;
  /** The parsed JSON object, or undefined when the body is not a JSON object. */
  body: Record<string, unknown> | undefined;
  text: string;
}

interface Held {
  ready: Promise<void>;
  release(): void;
  response: Promise<PlainResponse>;
}

const SETTLE_MS = 50;

/** Sends `count` POSTs of `body` to `path`, the i-th with headers(i), and releases them together. */
export async function simultaneousPosts(
  path: string,
  count: number,
  headers: (i: number) => Record<string, string>,
  body = '{}',
): Promise<PlainResponse[]> {
  const held = Array.from({ length: count }, (_, i) => hold(path, headers(i), body));
  await Promise.all(held.map((h) => h.ready));
  // Gives the app time to read every request's headers and wait for the rest of the body.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  for (const h of held) h.release();
  return Promise.all(held.map((h) => h.response));
}

function hold(path: string, headers: Record<string, string>, body: string): Held {
  const payload = Buffer.from(body);
  const req = http.request(new URL(path, appUrl()), {
    method: 'POST',
    agent: false,
    headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(payload.length) },
  });
  const response = new Promise<PlainResponse>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: jsonObject(text), text });
      });
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    req.on('socket', (socket) => {
      if (!socket.connecting) resolve();
      else socket.once('connect', () => resolve());
    });
    req.once('error', reject);
  });
  response.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
  req.write(payload.subarray(0, payload.length - 1));
  return { ready, release: () => req.end(payload.subarray(payload.length - 1)), response };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
