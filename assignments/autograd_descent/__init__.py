"""The grading content of autograd_descent: checks, misconceptions, corpus (docs/authoring.md)."""
