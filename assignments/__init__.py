"""This course's grading content, one package per assignment (docs/authoring.md).

Each ``<assignment>/checks.py`` holds the checks, marked ``@graded(function, points,
public=...)``. Public checks mirror the release's visible test cells (same inputs, same
points); hidden checks run on inputs drawn per check from the grading seed and compare
with the reference computed at grading time on the grading device.
``<assignment>/misconceptions.py`` holds wrong-but-plausible implementations that name
what a wrong answer got wrong; ``misconceptions.py`` here, the course's own entries.
"""
