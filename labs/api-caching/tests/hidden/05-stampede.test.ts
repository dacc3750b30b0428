import { getProduct, unusedProductId } from '../support/cache';

test('simultaneous GETs of a product that does not exist all answer 404', async () => {
  const id = await unusedProductId();
  const answers = await Promise.all(Array.from({ length: 10 }, () => getProduct(id)));
  expect(answers.map((res) => res.status)).toEqual(Array(10).fill(404));
});
