<?php
// Every request comes here: PHP's built-in server (or nginx's try_files … /index.php).
require __DIR__ . '/../src/db.php';
require __DIR__ . '/../src/validation.php';

function create_note(): void
{
    $data = json_decode(file_get_contents('php://input'), true);
    if (!is_array($data) || array_is_list($data)) {
        reply(400, ['error' => 'The body is not a JSON object']);
    }
    $title = $data['title'] ?? null;
    $body = $data['body'] ?? '';
    $problem = title_problem($title) ?? (is_string($body) ? null : 'body must be text');
    if ($problem !== null) {
        reply(400, ['error' => $problem]);
    }
    db()->prepare('INSERT INTO notes (title, body) VALUES (?, ?)')->execute([$title, $body]);
    reply(201, ['id' => (int) db()->lastInsertId(), 'title' => $title, 'body' => $body]);
}

function list_notes(): void
{
    reply(200, db()->query('SELECT id, title, body FROM notes ORDER BY id')->fetchAll());
}

function get_note(int $id): void
{
    $find = db()->prepare('SELECT id, title, body FROM notes WHERE id = ?');
    $find->execute([$id]);
    $note = $find->fetch();
    if ($note === false) {
        reply(404, ['error' => "No note with id $id"]);
    }
    reply(200, $note);
}

$method = $_SERVER['REQUEST_METHOD'];
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($method === 'GET' && $path === '/health') {
    reply(200, ['status' => 'ok']);
} elseif ($method === 'POST' && $path === '/api/notes') {
    create_note();
} elseif ($method === 'GET' && $path === '/api/notes') {
    list_notes();
} elseif ($method === 'GET' && preg_match('#^/api/notes/(\d+)$#', $path, $m)) {
    get_note((int) $m[1]);
}
reply(404, ['error' => "No route for $method $path"]);
