"""Dialogs whose OK hands the input to the ledger and stay open if it refuses: nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog

from studio_app.ui.dialogs.errors import show_error


class SubmittingDialog(QDialog):
    """Set `submit` before exec(); its return value is kept in `outcome` once it succeeded."""

    submit: Callable[[], Any] | None = None
    outcome: Any = None

    def accept(self) -> None:
        if self.submit is not None:
            try:
                self.outcome = self.submit()
            except Exception as exc:
                show_error(self, exc)
                return
        super().accept()
