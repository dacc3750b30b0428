import { getProduct, selectsDuring, unusedProductId } from '../support/cache';

test('simultaneous GETs of a product that does not exist all answer 404', async () => {
  const id = await unusedProductId();
  const { result } = await selectsDuring(() => Promise.all(Array.from({ length: 10 }, () => getProduct(id))));
  expect(result.map((res) => res.status)).toEqual(Array(10).fill(404));
});
