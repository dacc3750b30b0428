-- Applied to an empty database before every stage, so each stage starts from the same state.
CREATE TABLE notes (
  id INT AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO notes (title, body) VALUES ('Welcome', 'Your first note, from db/schema.sql.');
