"""Stored values (inputs and expected results) back to Python objects."""

from __future__ import annotations

import base64

from .engine import testfuncs, wire


def decode_value(stored: dict):
    """A value stored as wire's JSON tree plus base64 blobs; named test functions are rebuilt."""
    blobs = [base64.b64decode(blob) for blob in stored["blobs"]]
    return wire.decode(stored["tree"], blobs, resolve_callable=testfuncs.build)
