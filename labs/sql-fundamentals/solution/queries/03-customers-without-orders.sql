-- Customers who have never placed an order: a LEFT JOIN keeps them, with NULLs for the order.
SELECT c.id, c.email
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
WHERE o.id IS NULL
ORDER BY c.id;
