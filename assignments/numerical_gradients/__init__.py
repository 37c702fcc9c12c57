"""The grading content of numerical_gradients: checks, misconceptions, corpus (docs/authoring.md)."""
