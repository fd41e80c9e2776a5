"""The studio's name, address and contact: asked on the first run of the app, editable from the File menu
(the CLI's `consent-slate studio set` writes the same file). A signing certificate made afterwards, every
record, certificate.pdf and the manifests name the studio. Here too: the RFC 3161 time-stamp authority the
app's exports use, so the studio's signatures outlive its certificate (the CLI's `export --tsa-url`)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from studio_app.core.model import Studio
from studio_app.proof.studio import load_studio, save_studio
from studio_app.ui.dialogs.submitting import SubmittingDialog
from studio_app.ui.settings import AppSettings

_OK = QDialogButtonBox.StandardButton.Ok


class StudioDialog(SubmittingDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StudioDialog")
        self.setWindowTitle(self.tr("Studio"))
        current = load_studio() or Studio("")
        intro = QLabel(
            self.tr("Who records here: named in every delivery's records, certificate and manifest.")
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(current.name)
        self.name_edit.setAccessibleName(self.tr("Studio name"))
        self.address_edit = QLineEdit(current.address)
        self.address_edit.setAccessibleName(self.tr("Studio address"))
        self.contact_edit = QLineEdit(current.contact)
        self.contact_edit.setAccessibleName(self.tr("Studio contact"))
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Address:"), self.address_edit)
        form.addRow(self.tr("&Contact (e-mail or phone):"), self.contact_edit)
        self.settings = AppSettings()
        self.tsa_edit = QLineEdit(self.settings.tsa_url)
        self.tsa_edit.setPlaceholderText("http://timestamp.example/tsr")
        self.tsa_edit.setAccessibleName(self.tr("Time-stamp authority URL"))
        self.tsa_edit.setToolTip(
            self.tr("An RFC 3161 time-stamp authority: with one, the signatures stay valid after the "
                    "studio's signing certificate expires. Empty: no time-stamp.")
        )
        form.addRow(self.tr("&Time-stamp authority (URL):"), self.tsa_edit)
        self.buttons = QDialogButtonBox(_OK | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        ok = self.buttons.button(_OK)
        self.name_edit.textChanged.connect(lambda _text: ok.setEnabled(self._complete()))
        self.tsa_edit.textChanged.connect(lambda _text: ok.setEnabled(self._complete()))
        ok.setEnabled(self._complete())
        self.submit = self._save

    def _complete(self) -> bool:
        """A name, and a time-stamp authority that is an http(s) URL or nothing."""
        tsa = self.tsa_edit.text().strip()
        return bool(self.name_edit.text().strip()) and (not tsa or tsa.startswith(("http://", "https://")))

    def _save(self) -> None:
        save_studio(self.studio())
        self.settings.tsa_url = self.tsa_edit.text().strip()

    def studio(self) -> Studio:
        return Studio(self.name_edit.text(), self.address_edit.text(), self.contact_edit.text())
