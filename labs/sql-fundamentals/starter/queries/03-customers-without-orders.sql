-- 03 · Customers who have never placed an order (of any status).
-- Columns: id, email
-- Order:   by id

