"""The one error the wav layer raises for a bad file or destination: the file and the reason, one line."""

from __future__ import annotations

import os

from studio_app.core.errors import SlateError


class WavError(SlateError):
    """A WAV that cannot be read or written as asked; the CLI prints it as one line, the UI as a dialog."""

    def __init__(self, path: str | os.PathLike | None, reason: str) -> None:
        super().__init__(None if path is None else os.fspath(path), reason)
        self.path = self.subject

    def at(self, path: str | os.PathLike) -> WavError:
        """The same error named after the file it came from (codecs only know bytes)."""
        return type(self)(path, self.reason)


class Cancelled(WavError):
    """The user stopped a write: the temp file is gone and nothing was written."""
