-- 06 · Customer 12 orders 2 × product 3 and 1 × product 17. In ONE transaction:
--   1. add the order: customer 12, placed now, status 'paid' (let AUTO_INCREMENT choose its id)
--   2. add its two lines, each with unit_price = the product's price as it is now
--   3. lower the stock of both products by the quantities ordered
-- Start with START TRANSACTION; and end with COMMIT;

