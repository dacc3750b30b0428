"""A MySQL connection per request, from the settings in the environment (or .env for local runs)."""
import os

import pymysql


def connect():
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
