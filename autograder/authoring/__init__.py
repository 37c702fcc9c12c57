"""Tools for the people who write assignments (not used while grading students)."""
