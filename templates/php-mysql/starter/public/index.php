<?php
// Every request comes here: PHP's built-in server (or nginx's try_files … /index.php).
require __DIR__ . '/../src/db.php';

$method = $_SERVER['REQUEST_METHOD'];
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($method === 'GET' && $path === '/health') {
    reply(200, ['status' => 'ok']);
}

// TODO stage 1: POST /api/notes saves {title, body} and answers 201 with {id, title, body}.
// Answer 400 {error} when title is missing, not a string, empty or longer than 200 characters.
// The body is JSON: json_decode(file_get_contents('php://input'), true).

// TODO stage 2: GET /api/notes lists every note (oldest first);
// GET /api/notes/{id} answers one note, or 404 {error} when there is none.

// db() is a PDO connection: $find = db()->prepare('SELECT … WHERE id = ?'); $find->execute([$id]);
reply(404, ['error' => "No route for $method $path"]);
