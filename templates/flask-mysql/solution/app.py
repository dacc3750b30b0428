from flask import Flask, jsonify, request

from db import connect
from validation import title_problem

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.post("/api/notes")
def create_note():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="The body is not a JSON object"), 400
    title, body = data.get("title"), data.get("body", "")
    problem = title_problem(title) or (None if isinstance(body, str) else "body must be text")
    if problem:
        return jsonify(error=problem), 400
    with connect() as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO notes (title, body) VALUES (%s, %s)", (title, body))
        return jsonify(id=cur.lastrowid, title=title, body=body), 201


@app.get("/api/notes")
def list_notes():
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, title, body FROM notes ORDER BY id")
        return jsonify(cur.fetchall())


@app.get("/api/notes/<int:note_id>")
def get_note(note_id):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, title, body FROM notes WHERE id = %s", (note_id,))
        note = cur.fetchone()
    if note is None:
        return jsonify(error=f"No note with id {note_id}"), 404
    return jsonify(note)


if __name__ == "__main__":
    app.run(debug=True, port=3000)
