import { quickLogins, reachedApp, summary } from './support/logins';
import { described, expectFromApp, instanceOf, site, sleep } from './support/site';

jest.setTimeout(30_000);

const SERIES = 20;

describe('nginx limits login attempts', () => {
  test(`a quick series of ${SERIES} logins is cut off with 429 Too Many Requests`, async () => {
    // Another suite may have used up the allowance: at 1 request per second, a pause gives one back.
    await sleep(1100);
    const attempts = await quickLogins(SERIES);
    const seen = `${SERIES} quick POST /api/login: ${summary(attempts)}`;
    if (!attempts[0].instance) {
      throw new Error(
        `${seen}. The first attempt after a pause must reach the app (proxy /api/login to it).`,
      );
    }
    if (attempts.some((a) => a.status === 503 && !a.instance)) {
      throw new Error(
        `${seen}. Refused attempts must get 429, not nginx's default 503: add limit_req_status 429;`,
      );
    }
    if (!attempts.some((a) => a.status === 429 && !a.instance)) {
      throw new Error(
        `${seen}. None was refused: limit /api/login with limit_req_zone (rate=1r/s) and limit_req, answering 429.`,
      );
    }
    const refusedByApp = attempts.filter((a) => a.instance && a.status !== 401);
    if (refusedByApp.length) {
      throw new Error(
        `${seen}. Every attempt nginx lets through must reach the app, which answers 401 to a wrong password.`,
      );
    }
    if (reachedApp(attempts) > SERIES / 2) {
      throw new Error(`${seen}. Too many got through: allow about 1 request per second with a burst of 5.`);
    }
  });

  test('other API routes are not limited', async () => {
    for (let i = 1; i <= 25; i += 1) {
      const res = await site().get('/api/hello');
      const context = `GET /api/hello, request ${i} of 25 sent quickly`;
      if (!instanceOf(res) && (res.status === 429 || res.status === 503)) {
        throw new Error(
          `${context}: refused with ${described(res)}. Limit only location = /api/login, not the whole server or /api/.`,
        );
      }
      expectFromApp(res, 200, context);
    }
  });
});
