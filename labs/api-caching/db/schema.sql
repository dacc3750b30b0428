-- The shop's catalogue. Applied before the app starts and again before every stage.
CREATE TABLE products (
  id INT PRIMARY KEY AUTO_INCREMENT,
  name VARCHAR(100) NOT NULL,
  price_cents INT NOT NULL,
  stock INT NOT NULL,
  description TEXT NOT NULL
);

-- What the product page reads: a slow report (it stands in for joins over big order and review
-- tables), about 200 ms for each product it returns. Caching it is the point of this lab.
CREATE VIEW product_details AS
  SELECT id, name, price_cents, stock, description FROM products WHERE SLEEP(0.2) = 0;

INSERT INTO products (name, price_cents, stock, description) VALUES
  ('Espresso cup', 850, 40, 'A thick-walled cup that keeps an espresso hot.'),
  ('Pour-over kettle', 4200, 12, 'A gooseneck kettle for a slow, steady pour.'),
  ('Burr grinder', 12900, 5, 'Grinds evenly from espresso-fine to French-press coarse.'),
  ('Paper filters', 450, 200, 'One hundred filters for cone drippers.'),
  ('Milk jug', 1600, 30, 'A steel jug for steaming milk.'),
  ('Scale', 2900, 18, 'Weighs to a tenth of a gram, with a timer.'),
  ('Tamper', 2200, 25, 'A flat 58 mm tamper.'),
  ('Cold brew jar', 3100, 9, 'Makes a litre of cold brew overnight.'),
  ('Travel mug', 1900, 60, 'Keeps coffee hot for four hours.'),
  ('Coffee beans', 1300, 100, 'A kilo of medium-roast beans.');
