-- Orders are looked up by date range; an index on placed_at lets MySQL read only that range.
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
