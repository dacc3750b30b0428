import { addAccount, addProduct, ordersHolding, stockOf } from '../support/shop-db';
import { fillCartsTogether, rush, simultaneousCheckouts, tally } from '../support/rush';

jest.setTimeout(60_000);

describe('the last units, bought by many at once (more cases)', () => {
  test('buyers of 2 units each race for a stock of 5: 2 orders, stock 1', async () => {
    const product = await addProduct({ stock: 5 });
    const outcome = await rush(product, 7, 2);
    const [stock, orders] = [await stockOf(product), (await ordersHolding(product)).length];
    if (outcome.created.length !== 2 || stock !== 1 || orders !== 2) {
      throw new Error(
        `7 simultaneous checkouts of 2 units from a stock of 5: expected 2 × 201, stock 1, 2 orders; got ${tally(outcome)}, stock ${stock}, ${orders} orders`,
      );
    }
  });

  test('carts of two products race for a scarce one: the other product gets its units back', async () => {
    const [common, scarce] = [await addProduct({ stock: 100 }), await addProduct({ stock: 2 })];
    const buyers = await Promise.all(Array.from({ length: 8 }, () => addAccount()));
    await fillCartsTogether(buyers, common, 1);
    await fillCartsTogether(buyers, scarce, 1);
    const outcome = await simultaneousCheckouts(buyers);
    const created = outcome.created.length;
    const [commonLeft, scarceLeft] = [await stockOf(common), await stockOf(scarce)];
    if (created !== 2 || commonLeft !== 98 || scarceLeft !== 0) {
      throw new Error(
        `8 simultaneous checkouts of [1 common (stock 100), 1 scarce (stock 2)]: expected 2 × 201, stocks 98 and 0; ` +
          `got ${tally(outcome)}, stocks ${commonLeft} and ${scarceLeft}`,
      );
    }
  });

  test('the last unit with a random number of buyers: one order, stock 0', async () => {
    const buyers = 6 + Math.floor(Math.random() * 7);
    const product = await addProduct({ stock: 1 });
    const outcome = await rush(product, buyers);
    const [stock, orders] = [await stockOf(product), (await ordersHolding(product)).length];
    if (outcome.created.length !== 1 || stock !== 0 || orders !== 1) {
      throw new Error(
        `${buyers} simultaneous checkouts of the last unit: expected 1 × 201, stock 0, 1 order; got ${tally(outcome)}, stock ${stock}, ${orders} orders`,
      );
    }
  });
});
