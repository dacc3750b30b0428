-- Customers who live in Lyon, sorted by last name, then first name.
SELECT id, first_name, last_name, email
FROM customers
WHERE city = 'Lyon'
ORDER BY last_name, first_name;
