-- Forgets the status filter: cancelled and pending orders count as spending.
SELECT c.id AS customer_id, c.email, COUNT(DISTINCT o.id) AS orders,
       SUM(oi.quantity * oi.unit_price) AS total_spent
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
JOIN order_items AS oi ON oi.order_id = o.id
GROUP BY c.id, c.email
HAVING SUM(oi.quantity * oi.unit_price) > 200
ORDER BY total_spent DESC;
