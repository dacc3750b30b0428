-- 02 · Every line of the orders placed in March 2024 (placed_at from 2024-03-01 00:00 to the end of the 31st).
-- Columns: order_id, customer (first name, a space, last name), product (the product's name),
--          quantity, line_total (quantity × unit_price)
-- Order:   by order_id, then product

