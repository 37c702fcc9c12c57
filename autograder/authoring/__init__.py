"""Tools for course authors: check a course (``validate``), start an assignment (``new``), measure
the checks' strength (``audit``). Not used while grading students."""
