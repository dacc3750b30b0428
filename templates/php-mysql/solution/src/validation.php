<?php
const MAX_TITLE = 200;

/** Why a title is not acceptable, or null when it is. */
function title_problem($title): ?string
{
    if (!is_string($title)) {
        return 'title is required and must be text';
    }
    if (trim($title) === '') {
        return 'title must not be empty';
    }
    if (mb_strlen($title) > MAX_TITLE) {
        return 'title must be at most ' . MAX_TITLE . ' characters';
    }
    return null;
}
