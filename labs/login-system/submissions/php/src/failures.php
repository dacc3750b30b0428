<?php
// Failed logins per lower-cased email, shared by every worker of the server: a JSON file under an
// exclusive lock, since PHP keeps nothing in memory from one request to the next.
const MAX_FAILURES = 5;
const WINDOW_SECONDS = 900;

function with_failures(callable $change)
{
    $file = fopen(sys_get_temp_dir() . '/login-failures.json', 'c+');
    flock($file, LOCK_EX);
    $all = json_decode(stream_get_contents($file) ?: '{}', true) ?: [];
    $result = $change($all);
    ftruncate($file, 0);
    rewind($file);
    fwrite($file, json_encode($all));
    flock($file, LOCK_UN);
    fclose($file);
    return $result;
}

/** Seconds until $email may try again, or 0 when it is not locked. */
function retry_after(string $email): int
{
    return with_failures(function (array &$all) use ($email) {
        $now = microtime(true);
        $recent = array_values(array_filter($all[$email] ?? [], fn ($t) => $now - $t < WINDOW_SECONDS));
        $all[$email] = $recent;
        if (count($recent) < MAX_FAILURES) {
            return 0;
        }
        return max(1, (int) ceil($recent[count($recent) - MAX_FAILURES] + WINDOW_SECONDS - $now));
    });
}

function record_failure(string $email): void
{
    with_failures(function (array &$all) use ($email) {
        $all[$email][] = microtime(true);
    });
}

function clear_failures(string $email): void
{
    with_failures(function (array &$all) use ($email) {
        unset($all[$email]);
    });
}
