-- 01 · Customers who live in Lyon.
-- Columns: id, first_name, last_name, email
-- Order:   by last_name, then first_name (two customers share a last name)

