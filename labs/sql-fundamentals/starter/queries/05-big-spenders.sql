-- 05 · Customers who spent more than 200.00 in total on 'paid' or 'shipped' orders.
-- Columns: customer_id, email, orders (how many different orders), total_spent (sum of quantity × unit_price)
-- Order:   by total_spent, highest first

