import { expectNotFoundPage } from './support/not-found';
import { getRaw } from './support/site';

jest.setTimeout(30_000);

describe('missing pages get public/404.html', () => {
  test('GET /no-such-page answers 404 with public/404.html', async () => {
    await expectNotFoundPage(await getRaw('/no-such-page'), 'GET /no-such-page');
  });

  test('a missing asset answers 404 with public/404.html', async () => {
    await expectNotFoundPage(await getRaw('/assets/no-such-file.css'), 'GET /assets/no-such-file.css');
  });
});
