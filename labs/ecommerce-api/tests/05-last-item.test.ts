import { excerpt, expectApiError } from './support/shop-api';
import { addProduct, ordersHolding, stockOf } from './support/shop-db';
import { rush, tally } from './support/rush';

jest.setTimeout(60_000);

const BUYERS = 10;
// A race is lost only when requests overlap in the app; several rounds make a lucky pass unlikely.
const ROUNDS = 3;

describe('the last unit, bought by many at once', () => {
  test(`${BUYERS} checkouts of the last unit at the same moment: exactly one 201, the others 409 out_of_stock`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const product = await addProduct({ stock: 1 });
      const outcome = await rush(product, BUYERS);
      if (outcome.created.length !== 1 || outcome.refused.length !== BUYERS - 1) {
        throw new Error(
          `${BUYERS} simultaneous POST /api/checkout for the last unit (round ${round} of ${ROUNDS}): expected 1 × 201 and ${BUYERS - 1} × 409, got ${tally(outcome)}` +
            (outcome.created.length > 1
              ? '. Several orders got the same unit: check and take the stock in one conditional update'
              : '') +
            (outcome.other.length ? ` (first other answer: ${excerpt(outcome.other[0])})` : ''),
        );
      }
      expectApiError(
        outcome.refused[0],
        409,
        'out_of_stock',
        'A checkout that lost the race for the last unit',
      );
    }
  });

  test('after the rush the stock is 0, never negative, and exactly one order holds the unit', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const product = await addProduct({ stock: 1 });
      const outcome = await rush(product, BUYERS);
      const stock = await stockOf(product);
      const orders = await ordersHolding(product);
      if (stock !== 0 || orders.length !== 1) {
        throw new Error(
          `After ${BUYERS} simultaneous checkouts of the last unit (round ${round} of ${ROUNDS}; ${tally(outcome)}): ` +
            `expected stock 0 and 1 order holding it, got stock ${stock} and ${orders.length} orders`,
        );
      }
    }
  });

  test('stock 4, 9 buyers at once: 4 orders, 5 × 409 and stock 0', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const product = await addProduct({ stock: 4 });
      const outcome = await rush(product, 9);
      const stock = await stockOf(product);
      const orders = await ordersHolding(product);
      if (
        outcome.created.length !== 4 ||
        outcome.refused.length !== 5 ||
        stock !== 0 ||
        orders.length !== 4
      ) {
        throw new Error(
          `9 simultaneous checkouts of 1 unit each from a stock of 4 (round ${round} of ${ROUNDS}): expected 4 × 201, 5 × 409, stock 0 and 4 orders; ` +
            `got ${tally(outcome)}, stock ${stock} and ${orders.length} orders`,
        );
      }
    }
  });
});
