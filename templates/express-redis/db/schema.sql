-- Applied before the app starts and again before every stage; Redis is emptied then too.
CREATE TABLE notes (
  id INT PRIMARY KEY AUTO_INCREMENT,
  title VARCHAR(200) NOT NULL,
  body TEXT NOT NULL
);

INSERT INTO notes (title, body) VALUES
  ('Welcome', 'The first note.'),
  ('Shopping', 'Milk, bread, coffee.'),
  ('Ideas', 'A cache in front of every slow read.');
