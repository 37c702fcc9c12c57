"""Sandboxed pytest autograder for the PyTorch course (see README.md)."""

__version__ = "0.1.0"
