-- Every line of the orders placed in March 2024, with who ordered what.
SELECT o.id AS order_id,
       CONCAT(c.first_name, ' ', c.last_name) AS customer,
       p.name AS product,
       oi.quantity,
       oi.quantity * oi.unit_price AS line_total
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS oi ON oi.order_id = o.id
JOIN products AS p ON p.id = oi.product_id
WHERE o.placed_at >= '2024-03-01' AND o.placed_at < '2024-04-01'
ORDER BY o.id, p.name;
