-- Customers who spent more than 200.00 on paid or shipped orders, biggest spender first.
SELECT c.id AS customer_id,
       c.email,
       COUNT(DISTINCT o.id) AS orders,
       SUM(oi.quantity * oi.unit_price) AS total_spent
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
JOIN order_items AS oi ON oi.order_id = o.id
WHERE o.status IN ('paid', 'shipped')
GROUP BY c.id, c.email
HAVING SUM(oi.quantity * oi.unit_price) > 200
ORDER BY total_spent DESC;
