from flask import Flask, jsonify

from db import connect

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="ok")


# TODO stage 1: POST /api/notes saves {title, body} and answers 201 with {id, title, body}.
# Answer 400 {error} when title is missing, not a string, empty or longer than 200 characters.

# TODO stage 2: GET /api/notes lists every note (oldest first);
# GET /api/notes/<int:note_id> answers one note, or 404 {error} when there is none.

# `connect()` opens a PyMySQL connection whose cursors give rows as dicts:
#   with connect() as conn, conn.cursor() as cur:
#       cur.execute("SELECT ... WHERE id = %s", (note_id,))
#       row = cur.fetchone()
