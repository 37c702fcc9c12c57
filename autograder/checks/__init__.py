"""Graded checks, one pytest module per assignment (collected by ``autograder.runner``).

Each check is marked ``@graded(function, points, public=...)``. Public checks mirror the
release's visible test cells (same inputs, same points); hidden checks run on inputs
drawn per check from the grading seed and compare with the reference computed at
grading time on the grading device. ``autograder.nbgrader_checks`` runs the hidden
ones from the source notebooks' hidden-test cells, so both paths share these checks.
"""
