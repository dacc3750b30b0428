// Corner Shop: fills the product list from the API that nginx proxies under /api/.
/* global document */
(function () {
  'use strict';

  var list = document.getElementById('products');

  function formatPrice(value) {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(value);
  }

  function productItem(product) {
    var item = document.createElement('li');
    var name = document.createElement('strong');
    var category = document.createElement('span');
    var price = document.createElement('span');
    name.textContent = product.name;
    category.textContent = ' · ' + product.category;
    category.className = 'muted';
    price.textContent = formatPrice(product.price);
    price.className = 'price';
    item.appendChild(name);
    item.appendChild(category);
    item.appendChild(price);
    return item;
  }

  function showMessage(text) {
    var item = document.createElement('li');
    item.className = 'muted';
    item.textContent = text;
    list.replaceChildren(item);
  }

  fetch('/api/products', { headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('The API answered ' + response.status);
      return response.json();
    })
    .then(function (data) {
      if (!data.products || data.products.length === 0) {
        showMessage('No products yet.');
        return;
      }
      list.replaceChildren.apply(list, data.products.map(productItem));
    })
    .catch(function (error) {
      showMessage('Could not load the products: ' + error.message);
    });
})();
