"""The one shape every layer's error has: what it concerns (a file, a take, a folder) and why, one line.

Each layer keeps its own class (WavError, StoreError, ProofError, ...) so a caller can tell them apart;
the CLI prints any of them as `subject: reason` and the UI shows the same two parts in one dialog.
"""

from __future__ import annotations


class SlateError(Exception):
    """A failure with its subject (a path, or a name like 'take 1a2b3c4d'; may be empty) and its reason."""

    def __init__(self, subject: object, reason: str) -> None:
        self.subject = "" if subject is None else str(subject)
        self.reason = reason
        super().__init__(f"{self.subject}: {reason}" if self.subject else reason)
