"""The file dialog that chooses takes to import.

Qt's own dialog keeps a folder typed into its file-name box selected after it has opened that folder:
files ctrl-clicked there come back together with the folder, and Open then only re-enters the folder.
Open takes what is selected in the folder shown, nothing else."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QFileDialog, QListView, QWidget

from studio_app.wav.files import wav_name_patterns


class WavFilesDialog(QFileDialog):
    """Several existing WAV files; `filesSelected` carries them."""

    def __init__(self, parent: QWidget, title: str, name_filter: str) -> None:
        """`name_filter` is the translated "WAV files (%1)"; its patterns are filled in here."""
        super().__init__(parent, title, "", name_filter.replace("%1", wav_name_patterns()))
        self.setFileMode(QFileDialog.FileMode.ExistingFiles)

    def accept(self) -> None:
        view = self.findChild(QListView, "listView")
        if view is not None:
            selection = view.selectionModel()
            for index in selection.selectedRows():
                if index.parent() != view.rootIndex():
                    selection.select(index, QItemSelectionModel.SelectionFlag.Deselect
                                     | QItemSelectionModel.SelectionFlag.Rows)
        super().accept()
