"""Tools for course authors: check a course (``validate``), start an assignment (``new``)."""
