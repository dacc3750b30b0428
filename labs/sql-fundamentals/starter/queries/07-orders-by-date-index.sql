-- 07 · The support team often runs this query on the (large) orders table:
--
--   SELECT id, customer_id, placed_at FROM orders
--   WHERE placed_at >= '2024-03-01' AND placed_at < '2024-03-08'
--   ORDER BY placed_at;
--
-- Without an index MySQL reads every row. Create the index that lets it read only that week.

