import {
  alterResponse,
  answerWithoutApp,
  HTTP_FAULT_ADVICE,
  HTTP_FAULT_IDS,
  HTTP_FAULTS,
  type ProxiedResponse,
} from '../../../runner/authoring/faults/http-faults';

const json = (status: number, body: unknown, headers: ProxiedResponse['headers'] = {}): ProxiedResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

const bodyOf = (res: ProxiedResponse) => JSON.parse(res.body.toString('utf8'));

describe('HTTP faults', () => {
  test('every fault has a description and advice for authors', () => {
    for (const id of HTTP_FAULT_IDS) {
      expect(HTTP_FAULTS[id].length).toBeGreaterThan(10);
      expect(HTTP_FAULT_ADVICE[id].length).toBeGreaterThan(10);
    }
  });

  test('denied-as-ok turns 401 and 403 into 200 and leaves other answers alone', () => {
    expect(alterResponse('denied-as-ok', json(401, { error: 'no' }))).toMatchObject({
      applied: true,
      response: { status: 200 },
    });
    expect(alterResponse('denied-as-ok', json(403, { error: 'no' }))).toMatchObject({
      applied: true,
      response: { status: 200 },
    });
    expect(alterResponse('denied-as-ok', json(404, { error: 'no' }))).toMatchObject({
      applied: false,
      response: { status: 404 },
    });
  });

  test('not-found-as-ok turns 404 into 200 only', () => {
    expect(alterResponse('not-found-as-ok', json(404, {}))).toMatchObject({
      applied: true,
      response: { status: 200 },
    });
    expect(alterResponse('not-found-as-ok', json(401, {}))).toMatchObject({
      applied: false,
      response: { status: 401 },
    });
  });

  test('json-field-dropped removes the first field of an object, and of each object in a list', () => {
    const one = alterResponse('json-field-dropped', json(201, { id: 7, title: 'a' }));
    expect(one.applied).toBe(true);
    expect(bodyOf(one.response)).toEqual({ title: 'a' });
    const list = alterResponse(
      'json-field-dropped',
      json(200, [
        { id: 1, title: 'a' },
        { id: 2, title: 'b' },
      ]),
    );
    expect(bodyOf(list.response)).toEqual([{ title: 'a' }, { title: 'b' }]);
  });

  test('json-field-dropped leaves non-JSON, empty objects and scalars unchanged', () => {
    const html: ProxiedResponse = {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: Buffer.from('{"id":1}'),
    };
    expect(alterResponse('json-field-dropped', html).applied).toBe(false);
    expect(alterResponse('json-field-dropped', json(200, {})).applied).toBe(false);
    expect(alterResponse('json-field-dropped', json(200, [1, 2])).applied).toBe(false);
    expect(alterResponse('json-field-dropped', json(200, null)).applied).toBe(false);
  });

  test('cookie-removed strips Set-Cookie, whatever its case', () => {
    const altered = alterResponse(
      'cookie-removed',
      json(200, {}, { 'Set-Cookie': ['sid=1; HttpOnly'], 'x-kept': 'yes' }),
    );
    expect(altered.applied).toBe(true);
    expect(altered.response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-kept': 'yes',
    });
    expect(alterResponse('cookie-removed', json(200, {})).applied).toBe(false);
  });

  test('write-not-forwarded answers writes itself and lets reads through', () => {
    const post = answerWithoutApp('write-not-forwarded', {
      method: 'POST',
      headers: {},
      body: Buffer.from('{"title":"x"}'),
    });
    expect(post?.status).toBe(201);
    expect(bodyOf(post!)).toEqual({ title: 'x' });
    expect(
      answerWithoutApp('write-not-forwarded', { method: 'PUT', headers: {}, body: Buffer.from('not json') })
        ?.status,
    ).toBe(200);
    expect(
      answerWithoutApp('write-not-forwarded', { method: 'DELETE', headers: {}, body: Buffer.alloc(0) })
        ?.status,
    ).toBe(204);
    expect(
      answerWithoutApp('write-not-forwarded', { method: 'GET', headers: {}, body: Buffer.alloc(0) }),
    ).toBeUndefined();
  });

  test('other faults never answer without the app', () => {
    for (const id of HTTP_FAULT_IDS.filter((f) => f !== 'write-not-forwarded')) {
      expect(answerWithoutApp(id, { method: 'POST', headers: {}, body: Buffer.alloc(0) })).toBeUndefined();
    }
  });
});
