import { bodyExcerpt, mysqlSelectsDuring } from 'backlab/kit';
import { getProduct, productRow } from './support/cache';

const CONCURRENT = 20;
const ALLOWED_SELECTS = 2;

test(`${CONCURRENT} simultaneous GETs of an uncached product read MySQL at most ${ALLOWED_SELECTS} times`, async () => {
  const product = await productRow(10);
  const { result, selects } = await mysqlSelectsDuring(() =>
    Promise.all(Array.from({ length: CONCURRENT }, () => getProduct(10))),
  );
  const wrong = result.find((res) => res.status !== 200 || res.body.name !== product.name);
  if (wrong)
    throw new Error(
      `A simultaneous GET /api/products/10 answered ${wrong.status} (body: ${bodyExcerpt(wrong)})`,
    );
  if (selects > ALLOWED_SELECTS) {
    throw new Error(
      `${CONCURRENT} simultaneous GETs of one uncached product ran ${selects} SELECTs on MySQL: every request that missed read the database. Let the first miss read it and the others wait for that read (one promise per product id, or a lock in Redis with SET NX).`,
    );
  }
});
