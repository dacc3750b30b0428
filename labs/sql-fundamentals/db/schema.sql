-- Corner Shop: the tables every query of the lab works on.
-- Applied, with seed.sql, before each stage: every stage starts from the same data.

CREATE TABLE categories (
  id   INT PRIMARY KEY,
  name VARCHAR(40) NOT NULL UNIQUE
) ENGINE = InnoDB;

CREATE TABLE customers (
  id         INT AUTO_INCREMENT PRIMARY KEY,
  first_name VARCHAR(40)  NOT NULL,
  last_name  VARCHAR(40)  NOT NULL,
  email      VARCHAR(120) NOT NULL UNIQUE,
  city       VARCHAR(60)  NOT NULL,
  joined_on  DATE         NOT NULL
) ENGINE = InnoDB;

CREATE TABLE products (
  id          INT AUTO_INCREMENT PRIMARY KEY,
  category_id INT           NOT NULL,
  name        VARCHAR(80)   NOT NULL,
  price       DECIMAL(8, 2) NOT NULL,
  stock       INT           NOT NULL,
  CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES categories (id)
) ENGINE = InnoDB;

CREATE TABLE orders (
  id          INT AUTO_INCREMENT PRIMARY KEY,
  customer_id INT      NOT NULL,
  placed_at   DATETIME NOT NULL,
  status      ENUM('pending', 'paid', 'shipped', 'cancelled') NOT NULL,
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE = InnoDB;

CREATE TABLE order_items (
  order_id   INT           NOT NULL,
  product_id INT           NOT NULL,
  quantity   INT           NOT NULL,
  -- The price when the order was placed: product prices change later.
  unit_price DECIMAL(8, 2) NOT NULL,
  PRIMARY KEY (order_id, product_id),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT fk_items_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE = InnoDB;
