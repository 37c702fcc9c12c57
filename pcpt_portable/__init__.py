"""The portable part of the grader: what runs the same in grading, in the sandbox and on a student's machine.

``wire`` (values as plain data), ``testfuncs`` (the course's named callables),
``tolerances`` and ``compare`` (when two results agree), ``messages`` (every sentence a
student reads), ``findings`` (the data-only expectations: inputs unchanged, results
detached, error sizes, a mismatch and the misconception it matches) and ``check_runner``
(the public checks stored as data, run against a student's functions).

Nothing here imports the rest of the engine (``autograder``), so the package travels as
it is: the engine imports it, the sandbox mounts it beside its worker, and the student
wheel (``student/``) copies it in when the wheel is built. Modules here import each other
relatively only.
"""
