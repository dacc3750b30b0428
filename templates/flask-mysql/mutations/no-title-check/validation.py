MAX_TITLE = 200


def title_problem(title):
    """Mutated: every title is accepted, even a missing one."""
    return None
