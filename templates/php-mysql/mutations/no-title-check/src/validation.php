<?php
const MAX_TITLE = 200;

/** Mutated: every title is accepted, even a missing one. */
function title_problem($title): ?string
{
    return null;
}
