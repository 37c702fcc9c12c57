"""Values stored as JSON (the student package's check data): wire's tree with its binary blobs in base64."""

from __future__ import annotations

import base64
import json

from . import testfuncs, wire
from .errors import AutograderError


class StoredValueError(AutograderError, ValueError):
    """A value cannot be stored as data (wire does not support it)."""

    exit_status = None   # the student package build turns it into its own error


def encode_value(value) -> dict:
    tree, blobs = wire.encode(value)
    if "$unsupported" in json.dumps(tree):
        raise StoredValueError(f"a value cannot be stored: {tree}")
    return {"tree": tree, "blobs": [base64.b64encode(blob).decode("ascii") for blob in blobs]}


def decode_value(stored: dict):
    """The value back; named test functions are rebuilt (``testfuncs.load`` the course's sources first)."""
    blobs = [base64.b64decode(blob) for blob in stored["blobs"]]
    return wire.decode(stored["tree"], blobs, resolve_callable=testfuncs.build)
