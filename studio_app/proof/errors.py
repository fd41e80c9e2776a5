"""The proof layer's one error: a key, certificate or Content Credential problem, with the file and why."""

from __future__ import annotations

from pathlib import Path

from studio_app.core.errors import SlateError


class ProofError(SlateError):
    """Signing or verifying could not go on; the CLI prints it as one line, the UI as a dialog."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(path, reason)
        self.path = Path(path)
