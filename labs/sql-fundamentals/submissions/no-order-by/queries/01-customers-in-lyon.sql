-- The right rows, in whatever order the table gives them.
SELECT id, first_name, last_name, email
FROM customers
WHERE city = 'Lyon';
