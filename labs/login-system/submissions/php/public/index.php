<?php
// Every request comes here (PHP's built-in server, or nginx's try_files … /index.php).
require __DIR__ . '/../src/db.php';
require __DIR__ . '/../src/failures.php';

const MIN_PASSWORD = 8;
const EMAIL_PATTERN = '/^[^\s@]+@[^\s@]+\.[^\s@]+$/u';

function reply(int $status, $body = null, array $headers = []): void
{
    http_response_code($status);
    foreach ($headers as $name => $value) {
        header("$name: $value");
    }
    if ($body !== null) {
        header('Content-Type: application/json');
        echo json_encode($body);
    }
    exit;
}

function body(): array
{
    $data = json_decode(file_get_contents('php://input'), true);
    return is_array($data) && !array_is_list($data) ? $data : [];
}

/** The session, kept on the server: a fresh id at login, destroyed at logout. */
function start_session(): void
{
    session_start([
        'name' => 'sid',
        'use_strict_mode' => true,
        'cookie_httponly' => true,
        'cookie_samesite' => 'Lax',
        'use_only_cookies' => true,
    ]);
}

function register(): void
{
    $data = body();
    $email = $data['email'] ?? null;
    $password = $data['password'] ?? null;
    $name = $data['name'] ?? null;
    if (!is_string($email) || strlen($email) > 255 || !preg_match(EMAIL_PATTERN, $email)) {
        reply(400, ['error' => 'email must be a valid email address']);
    }
    if (!is_string($password) || mb_strlen($password) < MIN_PASSWORD) {
        reply(400, ['error' => 'password must be at least ' . MIN_PASSWORD . ' characters']);
    }
    if ($name !== null && (!is_string($name) || mb_strlen($name) > 255)) {
        reply(400, ['error' => 'name must be a string of at most 255 characters']);
    }
    $email = mb_strtolower($email);
    try {
        $insert = db()->prepare('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)');
        $insert->execute([$email, password_hash($password, PASSWORD_BCRYPT, ['cost' => 10]), $name]);
    } catch (PDOException $e) {
        if (($e->errorInfo[1] ?? null) === 1062) {
            reply(409, ['error' => 'An account with this email already exists']);
        }
        throw $e;
    }
    reply(201, ['id' => (int) db()->lastInsertId(), 'email' => $email]);
}

function login(): void
{
    $data = body();
    $email = $data['email'] ?? null;
    $password = $data['password'] ?? null;
    if (!is_string($email) || !is_string($password) || $email === '' || $password === '') {
        reply(400, ['error' => 'email and password are required']);
    }
    $key = mb_strtolower($email);
    $wait = retry_after($key);
    if ($wait > 0) {
        reply(429, ['error' => 'Too many failed logins for this email, try again later'], ['Retry-After' => (string) $wait]);
    }
    $find = db()->prepare('SELECT id, email, password_hash FROM users WHERE email = ?');
    $find->execute([$key]);
    $user = $find->fetch();
    // An unknown email costs the same bcrypt check as a wrong password.
    $hash = $user['password_hash'] ?? '$2y$10$' . str_repeat('a', 53);
    if (!password_verify($password, $hash) || !$user) {
        record_failure($key);
        reply(401, ['error' => 'Invalid email or password']);
    }
    clear_failures($key);
    start_session();
    session_regenerate_id(true);
    $_SESSION['user_id'] = (int) $user['id'];
    reply(200, ['id' => (int) $user['id'], 'email' => $user['email']]);
}

function me(): void
{
    start_session();
    $id = $_SESSION['user_id'] ?? null;
    $find = db()->prepare('SELECT id, email FROM users WHERE id = ?');
    $find->execute([$id]);
    $user = $id === null ? false : $find->fetch();
    if (!$user) {
        reply(401, ['error' => 'Not logged in']);
    }
    reply(200, ['id' => (int) $user['id'], 'email' => $user['email']]);
}

function logout(): void
{
    start_session();
    $_SESSION = [];
    session_destroy();
    setcookie('sid', '', ['expires' => 1, 'path' => '/', 'httponly' => true]);
    reply(204);
}

$routes = [
    'GET /health' => fn () => reply(200, ['status' => 'ok']),
    'POST /api/register' => 'register',
    'POST /api/login' => 'login',
    'GET /api/me' => 'me',
    'POST /api/logout' => 'logout',
];
$method = $_SERVER['REQUEST_METHOD'];
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$route = $routes["$method $path"] ?? null;
if ($route === null) {
    reply(404, ['error' => "No route for $method $path"]);
}
try {
    $route();
} catch (Throwable $e) {
    error_log((string) $e);
    reply(500, ['error' => 'Internal server error']);
}
