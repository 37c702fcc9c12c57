"""The grading content of linear_regression: checks, misconceptions, corpus (docs/authoring.md)."""
