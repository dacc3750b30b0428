/**
 * Standard faults injected at the HTTP boundary, between the stage suites and the app, to check
 * that a lab's tests notice broken behaviour. Each is generic (no knowledge of the lab), and each
 * counts how often it actually changed something: a fault the tests never provoke is "not
 * exercised", not "missed". This file runs inside the fault proxy container: Node built-ins only.
 */

export const HTTP_FAULT_IDS = [
  'denied-as-ok',
  'not-found-as-ok',
  'json-field-dropped',
  'cookie-removed',
  'write-not-forwarded',
] as const;
export type HttpFaultId = (typeof HTTP_FAULT_IDS)[number];

export const HTTP_FAULTS: Record<HttpFaultId, string> = {
  'denied-as-ok': 'a 401 or 403 answer is turned into 200 (access checks that do nothing)',
  'not-found-as-ok': 'a 404 answer is turned into 200 (lookups that never say "not found")',
  'json-field-dropped': 'the first field of JSON response objects is removed (a field left out of the body)',
  'cookie-removed': 'Set-Cookie headers are removed from answers (a session that is never handed out)',
  'write-not-forwarded':
    'POST, PUT, PATCH and DELETE requests are acknowledged (201/200/204) but never reach the app',
};

/** What a lab's tests should check so that the fault makes one of them fail. */
export const HTTP_FAULT_ADVICE: Record<HttpFaultId, string> = {
  'denied-as-ok': 'assert the exact 401/403 status of a request without (or with the wrong) credentials',
  'not-found-as-ok': 'assert 404 for something that does not exist',
  'json-field-dropped': 'check the fields of JSON answers, not only their status',
  'cookie-removed': 'check that the session cookie is set and that requests with it are recognised',
  'write-not-forwarded': 'read written data back (a GET, or the database through the kit) after a write',
};

/** The proxy changing nothing: the control run that shows the suites work through a proxy at all. */
export const PASS_THROUGH = 'pass-through';
export type ProxyMode = HttpFaultId | typeof PASS_THROUGH;

export function isProxyMode(value: string): value is ProxyMode {
  return value === PASS_THROUGH || (HTTP_FAULT_IDS as readonly string[]).includes(value);
}

export interface ProxiedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** The answer given without asking the app, or undefined to forward the request. */
export function answerWithoutApp(fault: ProxyMode, req: ProxiedRequest): ProxiedResponse | undefined {
  if (fault !== 'write-not-forwarded' || !WRITE_METHODS.includes(req.method.toUpperCase())) return undefined;
  if (req.method.toUpperCase() === 'DELETE') return { status: 204, headers: {}, body: Buffer.alloc(0) };
  // Echoing what was sent looks like a plausible "saved" answer; only a read-back or an id reveals it.
  const echoed = parseJson(req.body);
  const body = Buffer.from(JSON.stringify(isObject(echoed) ? echoed : {}));
  return {
    status: req.method.toUpperCase() === 'POST' ? 201 : 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
  };
}

/** The app's answer as the fault changes it, and whether it changed anything. */
export function alterResponse(
  fault: ProxyMode,
  res: ProxiedResponse,
): { response: ProxiedResponse; applied: boolean } {
  switch (fault) {
    case 'denied-as-ok':
      return res.status === 401 || res.status === 403 ? changed({ ...res, status: 200 }) : unchanged(res);
    case 'not-found-as-ok':
      return res.status === 404 ? changed({ ...res, status: 200 }) : unchanged(res);
    case 'cookie-removed':
      if (!Object.keys(res.headers).some((name) => name.toLowerCase() === 'set-cookie'))
        return unchanged(res);
      return changed({ ...res, headers: withoutHeader(res.headers, 'set-cookie') });
    case 'json-field-dropped':
      return dropFirstField(res);
    case 'write-not-forwarded':
    case PASS_THROUGH:
      return unchanged(res);
  }
}

function dropFirstField(res: ProxiedResponse): { response: ProxiedResponse; applied: boolean } {
  if (!String(res.headers['content-type'] ?? '').includes('json')) return unchanged(res);
  const data = parseJson(res.body);
  let applied = false;
  const drop = (value: unknown): unknown => {
    if (!isObject(value)) return value;
    const [first, ...rest] = Object.entries(value);
    if (!first) return value;
    applied = true;
    return Object.fromEntries(rest);
  };
  const altered = Array.isArray(data) ? data.map(drop) : drop(data);
  if (!applied) return unchanged(res);
  return changed({ ...res, body: Buffer.from(JSON.stringify(altered)) });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function withoutHeader(headers: ProxiedResponse['headers'], name: string): ProxiedResponse['headers'] {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}

function changed(response: ProxiedResponse) {
  return { response, applied: true };
}

function unchanged(response: ProxiedResponse) {
  return { response, applied: false };
}
