MAX_TITLE = 200


def title_problem(title):
    """Why a title is not acceptable, or None when it is."""
    if not isinstance(title, str):
        return "title is required and must be text"
    if title.strip() == "":
        return "title must not be empty"
    if len(title) > MAX_TITLE:
        return f"title must be at most {MAX_TITLE} characters"
    return None
