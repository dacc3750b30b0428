import { quickLogins, reachedApp, summary } from '../support/logins';
import { sleep } from '../support/site';

jest.setTimeout(30_000);

describe('nginx limits login attempts (hidden)', () => {
  test('after a rest, a burst of 5 quick logins all reach the app', async () => {
    // At 1 request per second the whole burst allowance is back after 6 s.
    await sleep(6200);
    const attempts = await quickLogins(5);
    if (reachedApp(attempts) !== 5) {
      throw new Error(
        `5 quick POST /api/login after 6 s of rest: ${summary(attempts)}. Allow a burst: limit_req zone=… burst=5 nodelay;`,
      );
    }
  });

  test('after the limit is hit, a 2 s pause lets the next login through', async () => {
    const series = await quickLogins(15);
    if (!series.some((a) => a.status === 429))
      throw new Error(`15 quick POST /api/login: ${summary(series)}; none was refused.`);
    await sleep(2200);
    const [next] = await quickLogins(1);
    if (!next.instance) {
      throw new Error(
        `POST /api/login 2 s after being limited: got ${next.status} from nginx. The limit is too strict: use rate=1r/s.`,
      );
    }
  });
});
