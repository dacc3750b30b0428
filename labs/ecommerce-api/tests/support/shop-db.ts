/**
 * The shop's collections, read and written directly: tests add their own users and products (so
 * no test depends on another's data) and check what the app really stored.
 */
import { randomBytes } from 'node:crypto';
import { ObjectId, type Document, type Filter } from 'mongodb';
import { mongo } from 'backlab/kit';

export type Role = 'admin' | 'customer';

export interface Account {
  id: ObjectId;
  email: string;
  role: Role;
  token: string;
}

export interface ProductSpec {
  name?: string;
  description?: string;
  category?: string;
  price?: number;
  stock?: number;
}

export interface StoredProduct {
  /** 24 hex digits, as the API shows ids. */
  id: string;
  name: string;
  category: string;
  price: number;
  stock: number;
}

/** Eight random hex digits: names and categories no other test uses. */
export function tag(): string {
  return randomBytes(4).toString('hex');
}

/** A user added to the users collection while the app runs, with a token the app has never seen. */
export async function addAccount(role: Role = 'customer'): Promise<Account> {
  const t = tag();
  const account = {
    id: new ObjectId(),
    email: `${role}-${t}@shop.test`,
    role,
    token: `tok_${role}_${t}${tag()}`,
  };
  const db = await mongo();
  await db.collection('users').insertOne({
    _id: account.id,
    email: account.email,
    name: `${role} ${t}`,
    role,
    apiToken: account.token,
  });
  return account;
}

/** A user from db/seed.json, looked up by email. */
export async function seededAccount(email: string): Promise<Account> {
  const db = await mongo();
  const doc = await db.collection('users').findOne({ email });
  if (!doc) throw new Error(`The seeded user ${email} is missing from the users collection`);
  return { id: doc._id as ObjectId, email, role: doc.role as Role, token: String(doc.apiToken) };
}

export async function addProduct(spec: ProductSpec = {}): Promise<StoredProduct> {
  return (await addProducts([spec]))[0];
}

/** Products inserted in one go, each with defaults for what the spec leaves out. */
export async function addProducts(specs: ProductSpec[]): Promise<StoredProduct[]> {
  const docs = specs.map((spec) => {
    const t = tag();
    return {
      _id: new ObjectId(),
      name: spec.name ?? `Test product ${t}`,
      description: spec.description ?? 'Added by the grader',
      category: spec.category ?? `test-${t}`,
      price: spec.price ?? 1000,
      stock: spec.stock ?? 10,
      createdAt: new Date(),
    };
  });
  const db = await mongo();
  await db.collection('products').insertMany(docs);
  return docs.map(({ _id, name, category, price, stock }) => ({
    id: _id.toHexString(),
    name,
    category,
    price,
    stock,
  }));
}

/** `field` equal to an id stored as an ObjectId (as the brief asks) or, leniently, as its hex string. */
export function idFilter(field: string, hex: string): Filter<Document> {
  return { [field]: { $in: [new ObjectId(hex), hex] } };
}

export async function productDoc(id: string): Promise<Document | null> {
  const db = await mongo();
  return db.collection('products').findOne(idFilter('_id', id));
}

export async function allProducts(): Promise<Document[]> {
  const db = await mongo();
  return db.collection('products').find({}).toArray();
}

/** The stock stored for a product; fails naming the product when it is gone. */
export async function stockOf(product: StoredProduct): Promise<number> {
  const doc = await productDoc(product.id);
  if (!doc)
    throw new Error(`The product "${product.name}" (${product.id}) is missing from the products collection`);
  return Number(doc.stock);
}

export async function setStock(product: StoredProduct, stock: number): Promise<void> {
  const db = await mongo();
  await db.collection('products').updateOne({ _id: new ObjectId(product.id) }, { $set: { stock } });
}

export async function ordersHolding(product: StoredProduct): Promise<Document[]> {
  const db = await mongo();
  return db.collection('orders').find(idFilter('items.productId', product.id)).toArray();
}

export async function orderDoc(id: string): Promise<Document | null> {
  const db = await mongo();
  return db.collection('orders').findOne(idFilter('_id', id));
}

export async function paymentsFor(orderId: string): Promise<Document[]> {
  const db = await mongo();
  return db.collection('payments').find(idFilter('orderId', orderId)).toArray();
}
