"""A login system: registration, login, sessions kept on the server, and a lock on guessing."""
import os
import re
import secrets
import threading
import time

import bcrypt
import pymysql
from flask import Flask, jsonify, request

EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
MIN_PASSWORD = 8
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
COOKIE = "sid"
# Checked against when the email is unknown, so both answers take as long.
DUMMY_HASH = bcrypt.hashpw(b"no account has this password", bcrypt.gensalt(10))

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 10 * 1024

sessions = {}  # token -> user id; deleting one ends that session for every copy of the cookie
failures = {}  # lower-cased email -> times of recent failed logins
lock = threading.Lock()


def db():
    env = os.environ
    return pymysql.connect(
        host=env.get("DB_HOST", "127.0.0.1"),
        port=int(env.get("DB_PORT", "3306")),
        user=env.get("DB_USER", "root"),
        password=env.get("DB_PASSWORD", ""),
        database=env.get("DB_NAME", "app"),
        cursorclass=pymysql.cursors.DictCursor,
        autocommit=True,
    )


def body():
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def error(status, message):
    return jsonify(error=message), status


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.post("/api/register")
def register():
    data = body()
    email, password, name = data.get("email"), data.get("password"), data.get("name")
    if not isinstance(email, str) or len(email) > 255 or not EMAIL.match(email):
        return error(400, "email must be a valid email address")
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        return error(400, f"password must be at least {MIN_PASSWORD} characters")
    if name is not None and (not isinstance(name, str) or len(name) > 255):
        return error(400, "name must be a string of at most 255 characters")
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(10)).decode()
    try:
        with db() as conn, conn.cursor() as cur:
            cur.execute(
                "INSERT INTO users (email, password_hash, name) VALUES (%s, %s, %s)",
                (email.lower(), hashed, name),
            )
            return jsonify(id=cur.lastrowid, email=email.lower()), 201
    except pymysql.err.IntegrityError:
        return error(409, "An account with this email already exists")


def retry_after(key, now):
    with lock:
        recent = [t for t in failures.get(key, []) if now - t < WINDOW_SECONDS]
        failures[key] = recent
        if len(recent) < MAX_FAILURES:
            return 0
        return max(1, int(recent[-MAX_FAILURES] + WINDOW_SECONDS - now + 0.999))


@app.post("/api/login")
def login():
    data = body()
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        return error(400, "email and password are required")
    key = email.lower()
    wait = retry_after(key, time.time())
    if wait:
        response = jsonify(error="Too many failed logins for this email, try again later")
        response.headers["Retry-After"] = str(wait)
        return response, 429
    with db() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, email, password_hash FROM users WHERE email = %s", (key,))
        user = cur.fetchone()
    stored = user["password_hash"].encode() if user else DUMMY_HASH
    if not bcrypt.checkpw(password.encode(), stored) or not user:
        with lock:
            failures.setdefault(key, []).append(time.time())
        return error(401, "Invalid email or password")
    with lock:
        failures.pop(key, None)
    token = secrets.token_urlsafe(32)
    sessions[token] = user["id"]
    response = jsonify(id=user["id"], email=user["email"])
    response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", max_age=8 * 3600)
    return response


def session_token():
    header = request.headers.get("Authorization", "")
    return header[7:] if header.startswith("Bearer ") else request.cookies.get(COOKIE)


@app.get("/api/me")
def me():
    user_id = sessions.get(session_token() or "")
    if user_id is None:
        return error(401, "Not logged in")
    with db() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, email FROM users WHERE id = %s", (user_id,))
        user = cur.fetchone()
    return jsonify(user) if user else error(401, "Not logged in")


@app.post("/api/logout")
def logout():
    sessions.pop(session_token() or "", None)
    response = app.response_class(status=204)
    response.delete_cookie(COOKIE)
    return response


@app.errorhandler(404)
def not_found(_err):
    return error(404, f"No route for {request.method} {request.path}")


@app.errorhandler(413)
def too_large(_err):
    return error(413, "request body too large")


if __name__ == "__main__":
    app.run(debug=True)
