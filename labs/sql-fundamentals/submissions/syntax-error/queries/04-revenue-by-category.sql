-- GROUP written as GROUPE: MySQL rejects the statement.
SELECT cat.name AS category, COUNT(DISTINCT o.id) AS orders, SUM(oi.quantity) AS units,
       SUM(oi.quantity * oi.unit_price) AS revenue
FROM categories AS cat
JOIN products AS p ON p.category_id = cat.id
JOIN order_items AS oi ON oi.product_id = p.id
JOIN orders AS o ON o.id = oi.order_id
WHERE o.status IN ('paid', 'shipped')
GROUPE BY cat.id, cat.name
ORDER BY revenue DESC;
