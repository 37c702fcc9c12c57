"""The grading content of gradient_basics: checks, misconceptions, corpus (docs/authoring.md)."""
