/** Storage of the stand-in (plain JavaScript in its image folder): unique indexes and transaction commits. */
interface StoredDoc {
  _id?: unknown;
  [field: string]: unknown;
}
interface CollectionLike {
  insert(doc: StoredDoc): StoredDoc;
  replace(current: StoredDoc, next: StoredDoc): StoredDoc;
  remove(doc: StoredDoc): boolean;
  createIndex(spec: object): string;
  all(): StoredDoc[];
}
interface CatalogLike {
  getOrCreate(db: string, name: string): CollectionLike;
  get(db: string, name: string): CollectionLike | undefined;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { Catalog } = require('../../../docker/mongo-standin/server/src/storage/catalog.js') as {
  Catalog: new () => CatalogLike;
};
const { TransactionView } =
  require('../../../docker/mongo-standin/server/src/storage/transaction-view.js') as {
    TransactionView: new (catalog: CatalogLike) => CatalogLike & { commit(): void };
  };
/* eslint-enable @typescript-eslint/no-require-imports */

function shop() {
  const catalog = new Catalog();
  const products = catalog.getOrCreate('shop', 'products');
  products.insert({ _id: 1, name: 'kettle', stock: 1 });
  products.insert({ _id: 2, name: 'mug', stock: 5 });
  return { catalog, products };
}

const byId = (c: CollectionLike | undefined, id: unknown) => c?.all().find((d) => d._id === id);

describe('stand-in collections', () => {
  it('puts _id first and rejects a second document with the same _id', () => {
    const { products } = shop();
    expect(Object.keys(products.insert({ name: 'pad', _id: 3 }))).toEqual(['_id', 'name']);
    expect(() => products.insert({ _id: 1, name: 'again' })).toThrow(
      /E11000 duplicate key error collection: shop\.products index: _id_/,
    );
  });

  it('treats 1 and 1.0 as one key, as MongoDB does, and keeps the old version on a clash', () => {
    const { catalog } = shop();
    const users = catalog.getOrCreate('shop', 'users');
    users.createIndex({ key: { code: 1 }, name: 'code_1', unique: true });
    const first = users.insert({ code: 1 });
    const second = users.insert({ code: 2 });
    expect(() => users.replace(second, { _id: second._id, code: 1.0 })).toThrow(/dup key: \{ code: 1 \}/);
    expect(users.all()).toEqual([first, second]);
  });

  it('lets a sparse unique index skip documents without the field', () => {
    const { catalog } = shop();
    const users = catalog.getOrCreate('shop', 'people');
    users.createIndex({ key: { nick: 1 }, name: 'nick_1', unique: true, sparse: true });
    users.insert({ name: 'a' });
    users.insert({ name: 'b' });
    expect(() => {
      users.insert({ nick: 'x' });
      users.insert({ nick: 'x' });
    }).toThrow(/nick_1/);
  });
});

describe('stand-in transactions', () => {
  it('keep their writes private until commit, then apply them all', () => {
    const { catalog, products } = shop();
    const txn = new TransactionView(catalog);
    const copy = txn.get('shop', 'products')!;
    copy.replace(byId(copy, 1)!, { _id: 1, name: 'kettle', stock: 0 });
    txn.getOrCreate('shop', 'orders').insert({ _id: 'o1', product: 1 });
    expect(byId(products, 1)).toMatchObject({ stock: 1 });
    expect(catalog.get('shop', 'orders')).toBeUndefined();
    txn.commit();
    expect(byId(products, 1)).toMatchObject({ stock: 0 });
    expect(catalog.get('shop', 'orders')?.all()).toEqual([{ _id: 'o1', product: 1 }]);
  });

  it('fail with a retryable WriteConflict when someone else wrote the same document first', () => {
    const { catalog, products } = shop();
    const txn = new TransactionView(catalog);
    const copy = txn.get('shop', 'products')!;
    copy.replace(byId(copy, 1)!, { _id: 1, name: 'kettle', stock: 0 });
    products.replace(byId(products, 1)!, { _id: 1, name: 'kettle', stock: 7 });
    let error: { codeName?: string; extra?: { errorLabels?: string[] } } = {};
    try {
      txn.commit();
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.codeName).toBe('WriteConflict');
    expect(error.extra?.errorLabels).toEqual(['TransientTransactionError']);
    expect(byId(products, 1)).toMatchObject({ stock: 7 });
  });

  it('commit nothing when one of their writes breaks a unique index at commit time', () => {
    const { catalog, products } = shop();
    products.createIndex({ key: { name: 1 }, name: 'name_1', unique: true });
    const txn = new TransactionView(catalog);
    const copy = txn.get('shop', 'products')!;
    copy.replace(byId(copy, 2)!, { _id: 2, name: 'mug', stock: 4 });
    copy.insert({ _id: 3, name: 'pad' });
    products.insert({ _id: 4, name: 'pad' });
    expect(() => txn.commit()).toThrow(/E11000/);
    expect(byId(products, 2)).toMatchObject({ stock: 5 });
    expect(byId(products, 3)).toBeUndefined();
  });
});
