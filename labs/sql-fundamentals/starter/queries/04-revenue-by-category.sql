-- 04 · Sales per category, counting only orders whose status is 'paid' or 'shipped'.
-- Columns: category (its name), orders (how many different orders), units (sum of quantities),
--          revenue (sum of quantity × unit_price)
-- Order:   by revenue, highest first

