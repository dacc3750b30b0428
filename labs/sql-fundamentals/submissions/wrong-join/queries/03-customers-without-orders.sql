-- A plain JOIN keeps only customers WITH orders, so no row has o.id NULL.
SELECT c.id, c.email
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
WHERE o.id IS NULL
ORDER BY c.id;
