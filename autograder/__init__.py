"""Sandboxed pytest autograder for the PyTorch course (see README.md)."""

import sys

__version__ = "0.1.0"

# nbformat imports jsonschema, which imports rfc3987_syntax when it is installed (Jupyter's
# jupyter-events pulls it in) and so compiles 38 grammars: 1.6 s of every grader process's
# start. It only checks the "iri" string formats, which no notebook schema uses; marked absent
# before jsonschema loads, jsonschema skips those two checks. Once jsonschema is loaded this changes nothing.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)
