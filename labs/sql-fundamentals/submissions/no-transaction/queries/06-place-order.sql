-- The right changes, but each statement commits on its own (autocommit).
INSERT INTO orders (customer_id, placed_at, status) VALUES (12, NOW(), 'paid');
SET @order_id = LAST_INSERT_ID();
INSERT INTO order_items (order_id, product_id, quantity, unit_price)
SELECT @order_id, id, 2, price FROM products WHERE id = 3;
INSERT INTO order_items (order_id, product_id, quantity, unit_price)
SELECT @order_id, id, 1, price FROM products WHERE id = 17;
UPDATE products SET stock = stock - 2 WHERE id = 3;
UPDATE products SET stock = stock - 1 WHERE id = 17;
