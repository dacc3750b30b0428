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
    TransactionView: new (catalog: CatalogLike) => CatalogLike & { commit(): void; close(): void };
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

/** The error `run` throws, with the fields the stand-in's command errors carry. */
function thrown(run: () => unknown): {
  codeName?: string;
  message?: string;
  extra?: { errorLabels?: string[] };
} {
  try {
    run();
  } catch (err) {
    return err as ReturnType<typeof thrown>;
  }
  return {};
}

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

describe('stand-in index definitions', () => {
  const users = () => shop().catalog.getOrCreate('shop', 'users');

  it('compares only the options that define an index, as MongoDB does', () => {
    const c = users();
    expect(c.createIndex({ key: { email: 1 }, name: 'email_1', unique: true, background: true })).toBe(
      'created',
    );
    expect(c.createIndex({ key: { email: 1 }, name: 'email_1', unique: true })).toBe('exists');
    expect(c.createIndex({ key: { email: 1 }, name: 'email_1', unique: true, sparse: false, v: 1 })).toBe(
      'exists',
    );
    expect(thrown(() => c.createIndex({ key: { email: 1 }, name: 'email_1' })).codeName).toBe(
      'IndexOptionsConflict',
    );
    expect(thrown(() => c.createIndex({ key: { login: 1 }, name: 'email_1' })).codeName).toBe(
      'IndexKeySpecsConflict',
    );
    expect(thrown(() => c.createIndex({ key: { email: 1 }, name: 'other', unique: true }))).toMatchObject({
      codeName: 'IndexOptionsConflict',
      message: 'Index already exists with a different name: email_1',
    });
  });

  it('treats collation as identifying, completing it with its defaults, and folds case in keys', () => {
    const c = users();
    const ci = { locale: 'en', strength: 2 };
    c.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    expect(c.createIndex({ key: { email: 1 }, name: 'email_ci', unique: true, collation: ci })).toBe(
      'created',
    );
    const spelledOut = { ...ci, caseLevel: false, caseFirst: 'off', numericOrdering: false };
    expect(c.createIndex({ key: { email: 1 }, name: 'email_ci', unique: true, collation: spelledOut })).toBe(
      'exists',
    );
    c.insert({ email: 'ada@example.com' });
    expect(() => c.insert({ email: 'ADA@example.com' })).toThrow(/E11000 .* index: email_ci/);
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

  it('fail the second writer of a document at its write, until the first transaction ends', () => {
    const { catalog } = shop();
    const first = new TransactionView(catalog);
    const second = new TransactionView(catalog);
    const mine = first.get('shop', 'products')!;
    const theirs = second.get('shop', 'products')!;
    mine.replace(byId(mine, 1)!, { _id: 1, name: 'kettle', stock: 0 });
    const conflict = thrown(() => theirs.replace(byId(theirs, 1)!, { _id: 1, name: 'kettle', stock: 9 }));
    expect(conflict).toMatchObject({
      codeName: 'WriteConflict',
      extra: { errorLabels: ['TransientTransactionError'] },
    });
    theirs.replace(byId(theirs, 2)!, { _id: 2, name: 'mug', stock: 4 }); // other documents are free
    first.close(); // aborted: its writes no longer hold the document
    const third = new TransactionView(catalog).get('shop', 'products')!;
    expect(() => third.replace(byId(third, 1)!, { _id: 1, name: 'kettle', stock: 3 })).not.toThrow();
  });

  it('fail a write to a document committed after the snapshot, and a unique key another one holds', () => {
    const { catalog, products } = shop();
    products.createIndex({ key: { name: 1 }, name: 'name_1', unique: true });
    const late = new TransactionView(catalog);
    const copy = late.get('shop', 'products')!;
    products.replace(byId(products, 2)!, { _id: 2, name: 'mug', stock: 0 });
    expect(thrown(() => copy.remove(byId(copy, 2)!)).codeName).toBe('WriteConflict');
    const a = new TransactionView(catalog).get('shop', 'products')!;
    const b = new TransactionView(catalog).get('shop', 'products')!;
    a.insert({ _id: 10, name: 'pad' });
    expect(thrown(() => b.insert({ _id: 11, name: 'pad' })).codeName).toBe('WriteConflict');
  });
});
