const { collection } = require('../db');

const products = () => collection('products');

/** A product as the API shows it: `id` as a hex string, prices in cents. */
function toApiProduct(doc) {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    description: doc.description ?? '',
    category: doc.category,
    price: doc.price,
    stock: doc.stock,
    createdAt: doc.createdAt,
  };
}

async function listProducts({ filter, sort, skip, limit }) {
  const [docs, total] = await Promise.all([
    products().find(filter).sort(sort).skip(skip).limit(limit).toArray(),
    products().countDocuments(filter),
  ]);
  return { docs, total };
}

function findProduct(id) {
  return products().findOne({ _id: id });
}

function findProducts(ids) {
  return products()
    .find({ _id: { $in: ids } })
    .toArray();
}

async function createProduct(fields) {
  const doc = { ...fields, createdAt: new Date() };
  const { insertedId } = await products().insertOne(doc);
  return { _id: insertedId, ...doc };
}

/** The updated product, or null when there is none with this id. */
function updateProduct(id, fields) {
  return products().findOneAndUpdate({ _id: id }, { $set: fields }, { returnDocument: 'after' });
}

async function deleteProduct(id) {
  const { deletedCount } = await products().deleteOne({ _id: id });
  return deletedCount === 1;
}

module.exports = {
  toApiProduct,
  listProducts,
  findProduct,
  findProducts,
  createProduct,
  updateProduct,
  deleteProduct,
};
