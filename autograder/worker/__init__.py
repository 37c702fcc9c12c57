"""Code that runs inside the sandbox, next to the student's code.

This package must stay self-contained: relative imports only, nothing from the rest
of ``autograder`` and nothing from ``reference``. The sandbox mounts this folder alone
(as the top-level package ``worker``), so the checks, the reference and the hidden
inputs are never importable or readable from student code.
"""
