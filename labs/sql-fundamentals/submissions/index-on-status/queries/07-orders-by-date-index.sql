-- An index, but on a column the query does not filter on.
CREATE INDEX idx_orders_status ON orders (status, placed_at);
