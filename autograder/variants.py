"""Hidden-input variants: each student's hidden checks draw their inputs from one of a few
variants, chosen by a keyed hash of the student id with the course secret.

Why: with one fixed seed every student's hidden inputs (and so their expected answers)
would be the same, and could be passed around. The secret lives in the course, never in
the release, the sandbox or a result record, so neither the inputs of a variant nor a
student's variant can be derived from anything a student sees. A small pool (not one
variant per student) keeps the reference to one run per variant in a batch.

    variant of a student  = HMAC-SHA256(secret, "variant:<assignment>:<student id>") mod count
    hidden seed (variant) = HMAC-SHA256(secret, "seed:<assignment>:<base seed>:<variant>")

A notebook graded without a student id (``grade`` without ``--student-id``, nbgrader's
hidden-test cells outside an ``autograded/<student>/`` folder) gets ``DEFAULT_VARIANT``.
Public checks keep their fixed lesson inputs and never use a variant.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import AutograderError

SECRET_ENV = "PCPT_COURSE_SECRET"
SECRET_FILE = ".pcpt_course_secret"     # in the course root; .gitignore'd, never released
DEFAULT_VARIANT = 0
MIN_SECRET_LENGTH = 16


class SecretError(AutograderError, RuntimeError):
    """The course secret is unusable (too short, unreadable)."""


def _digest(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def load_secret(course: Path, environ=None, *, create: bool = True, announce=None) -> bytes:
    """The course secret: ``$PCPT_COURSE_SECRET``, else ``<course>/.pcpt_course_secret``.

    The file is created (random, readable by its owner only) on first use, with a message
    saying where it is and that it must be kept and never shared.
    """
    environ = os.environ if environ is None else environ
    if environ.get(SECRET_ENV):
        secret = environ[SECRET_ENV].encode()
        if len(secret) < MIN_SECRET_LENGTH:
            raise SecretError(f"{SECRET_ENV} must be at least {MIN_SECRET_LENGTH} characters long")
        return secret
    path = Path(course) / SECRET_FILE
    try:
        secret = path.read_bytes().strip()
    except FileNotFoundError:
        if not create:
            raise SecretError(f"no course secret: set {SECRET_ENV} or create {path}") from None
        secret = secrets.token_hex(32).encode()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secret + b"\n")
        (announce or _announce)(f"created the course secret {path}: it chooses each student's hidden inputs. "
                                "Keep it (a new secret changes every hidden input and regrades everyone), "
                                f"never release or share it; {SECRET_ENV} overrides it.")
    except OSError as exc:
        raise SecretError(f"cannot read the course secret {path}: {exc}") from None
    if len(secret) < MIN_SECRET_LENGTH:
        raise SecretError(f"the course secret {path} must hold at least {MIN_SECRET_LENGTH} characters")
    return secret


def _announce(message: str) -> None:
    print(message, file=sys.stderr)


@dataclass(frozen=True)
class HiddenVariants:
    """Which variant each student gets, and the hidden base seed of each variant.

    ``forced`` grades every student with one variant (tests, instructor re-checks).
    """

    secret: bytes
    count: int
    base_seed: int
    forced: int | None = None

    def __post_init__(self):
        if self.count < 1:
            raise ValueError("at least one variant is needed")
        if self.forced is not None and not 0 <= self.forced < self.count:
            raise ValueError(f"variant {self.forced} does not exist (there are {self.count})")

    def __repr__(self) -> str:  # never print the secret
        return f"HiddenVariants(count={self.count}, key={self.key}, forced={self.forced})"

    @property
    def key(self) -> str:
        """A public name of this secret and seed (recorded in results; the secret cannot be recovered
        from it). A rerun after either changes regrades everyone."""
        return _digest(self.secret, f"key:{self.base_seed}:{self.count}").hex()[:12]

    def in_use(self) -> list[int]:
        """Every variant a student can get (the one forced, else all of them)."""
        return [self.forced] if self.forced is not None else list(range(self.count))

    def variant_of(self, assignment: str, student_id: str | None) -> int:
        if self.forced is not None:
            return self.forced
        if student_id is None:
            return DEFAULT_VARIANT
        return int.from_bytes(_digest(self.secret, f"variant:{assignment}:{student_id}")[:8], "big") % self.count

    def seed(self, assignment: str, variant: int) -> int:
        """The base seed of ``variant``'s hidden inputs (per check: ``inputs.check_seed``)."""
        return int.from_bytes(_digest(self.secret, f"seed:{assignment}:{self.base_seed}:{variant}")[:8], "big") \
            % (2**62)


def hidden_variants(settings, course, *, forced: int | None = None) -> HiddenVariants:
    """The variants of ``course`` (a ``course.Course``) under ``settings``."""
    return HiddenVariants(load_secret(course.root), settings.variants, settings.seed, forced)
