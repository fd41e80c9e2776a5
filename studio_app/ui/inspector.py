"""The take inspector: what the file is, every decision ever recorded on it, and what the export will write.

History is the ledger's append-only list (superseded decisions stay visible, struck through by the
newer one); the tag preview is the WAV engine's own `preview_tags`, so it cannot drift from the writer.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import Actor, Decision, Take
from studio_app.core.scopes import Method
from studio_app.ui.recorder.playback_widget import TakePlayer
from studio_app.ui.recorder.waveform import WaveformThumbnail
from studio_app.ui.take_model import format_duration, local_time, permission_label, scope_label


class TakeInspector(QWidget):
    """Shows one take; empty (with a hint) when nothing or several takes are selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TakeInspector")
        self.setMinimumWidth(380)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.file_label = _read_only_field()
        self.format_label = _read_only_field()
        self.duration_label = _read_only_field()
        self.hash_label = _read_only_field()
        self.actors_label = _read_only_field()
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        self._form_labels = [QLabel() for _ in range(5)]
        for label, value in zip(
            self._form_labels,
            (self.file_label, self.format_label, self.duration_label, self.hash_label, self.actors_label),
            strict=True,
        ):
            label.setBuddy(value)
            form.addRow(label, value)

        self.history = QTableWidget(0, 6)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setTabKeyNavigation(False)  # Tab leaves the history; arrow keys move inside it
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.tags = QPlainTextEdit()
        self.tags.setReadOnly(True)
        self.tags.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(self.tags, "")

        self.waveform = WaveformThumbnail()
        self.player = TakePlayer()

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.form)
        layout.addWidget(self.waveform)
        layout.addWidget(self.player)
        layout.addWidget(self.tabs, 1)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        for label, text in zip(
            self._form_labels,
            (self.tr("File:"), self.tr("Format:"), self.tr("Duration:"), self.tr("Audio SHA-256:"),
             self.tr("Actors:")),
            strict=True,
        ):
            label.setText(text)
            label.buddy().setAccessibleName(text.rstrip(":："))
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Actor"), self.tr("Use"), self.tr("Decision"), self.tr("Recorded by"),
             self.tr("Why / conditions")]
        )
        self.history.setAccessibleName(self.tr("Decision history"))
        self.tags.setAccessibleName(self.tr("Tags the export will write"))
        self.tabs.setTabText(0, self.tr("Decision history"))
        self.tabs.setTabText(1, self.tr("Export tags preview"))
        self.hint.setText(self.tr("Select one take to inspect it."))

    def clear(self, hint: str | None = None) -> None:
        self.take_id: str | None = None
        self.hint.setText(hint or self.tr("Select one take to inspect it."))
        self.hint.show()
        for widget in (self.form, self.waveform, self.player, self.tabs):
            widget.hide()
        self.waveform.set_path(None)
        self.player.set_path(None)

    def show_take(
        self, take: Take, actors: list[Actor], history: list[Decision], tags: dict[str, str]
    ) -> None:
        """`history` oldest first, as the ledger keeps it; `tags` as `studio_app.wav.tagging.preview_tags`."""
        self.hint.hide()
        for widget in (self.form, self.waveform, self.player, self.tabs):
            widget.show()
        self.waveform.set_path(take.path)  # cached by path, size and mtime: a grown file is read again
        if take.id != self.take_id:
            self.player.set_path(take.path)
        self.take_id = take.id
        names = {a.id: a.display_name for a in actors}
        for field, text in (
            (self.file_label, take.path),
            (self.format_label, take.format),
            (self.duration_label, format_duration(take.duration)),
            (self.hash_label, take.audio_sha256),
            (self.actors_label, ", ".join(names.get(a, a) for a in take.actor_ids)),
        ):
            field.setText(text)
            field.setToolTip(text)
            field.setCursorPosition(0)
        self.file_label.end(False)

        superseded = {d.supersedes for d in history if d.supersedes}
        self.history.setRowCount(len(history))
        for row, decision in enumerate(history):
            sd = decision.scope_decision
            why = sd.reason or sd.conditions or ""
            if sd.expires:
                why = self.tr("%1 (until %2)").replace("%1", why).replace("%2", sd.expires)
            cells = (
                local_time(sd.recorded_at),
                names.get(decision.actor_id, decision.actor_id),
                scope_label(sd.scope),
                permission_label(sd.permission),
                self._method_text(sd.method, sd.recorded_by),
                why,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if decision.id in superseded:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setToolTip(self.tr("Superseded by a later decision"))
                self.history.setItem(row, column, item)
        self.tags.setPlainText("\n\n".join(f"[{chunk}]\n{text}" for chunk, text in tags.items()))

    def _method_text(self, method: Method, recorded_by: str) -> str:
        how = {
            Method.ACTOR_CONFIRMATION: self.tr("actor's confirmation"),
            Method.ENGINEER_RESTRICTION: self.tr("engineer's restriction"),
            Method.SESSION_DEFAULT: self.tr("session default"),
        }[method]
        return f"{recorded_by} ({how})" if recorded_by else how


def _read_only_field() -> QLineEdit:
    """Paths and hashes have no spaces to wrap at: a read-only field scrolls, selects and copies them
    (the path shows its file name end, the others their start)."""
    field = QLineEdit()
    field.setReadOnly(True)
    field.setFrame(False)
    return field
