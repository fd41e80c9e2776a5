"""The engineer's and producer's window: sessions, the take table, the inspector and every action.

No consent rule lives here: the window asks the ledger (studio_app/services/ledger/) and shows what it
says. The engineer can only restrict; permissions come from the talent screen alone. The actions are
declared in main_actions.py, the recorder is its own dock (recorder/recorder_dock.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio_app.appdirs import resources_dir
from studio_app.core.model import Actor, DeliveryState, Session, Take
from studio_app.services.ledger import DecisionOutcome, Ledger
from studio_app.services.ledger.decisions import apply_session_default, plan_session_default, restrict_takes
from studio_app.services.live import LedgerFollower, follow
from studio_app.ui import theme
from studio_app.ui.actors_panel import ActorsPanel
from studio_app.ui.dialogs import about
from studio_app.ui.dialogs.actor_dialog import ActorDialog
from studio_app.ui.dialogs.errors import show_error, show_failure, show_problems
from studio_app.ui.dialogs.restriction_dialog import RestrictionDialog
from studio_app.ui.dialogs.session_dialog import SessionDialog, SessionPickerDialog
from studio_app.ui.i18n import LANGUAGES, AppLanguage
from studio_app.ui.inspector import TakeInspector
from studio_app.ui.label_delegate import LabelDelegate
from studio_app.ui.main_actions import (
    ACTIONS,
    CONSENT_MENU,
    FILE_MENU,
    HELP_MENU,
    RECENT_SESSIONS,
    SEPARATOR,
    TOOLBAR,
    Action,
)
from studio_app.ui.recorder.recorder_dock import RecorderDock
from studio_app.ui.settings import AppSettings
from studio_app.ui.take_model import (
    EDITABLE_COLUMNS,
    TAKE_ID_ROLE,
    Column,
    StatusKind,
    TakeFilterProxy,
    TakeRow,
    TakeTableModel,
    session_rows_task,
    take_row,
)
from studio_app.ui.workers import LatestRunner, Worker, WorkerControl, on_own_ledger
from studio_app.wav.files import wav_files_in

ROW_HEIGHT_PADDING = 10


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows: few selection ranges, fast lookups."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def user_guide_path() -> Path:
    return resources_dir().parent / "docs" / "user-guide.md"


class MainWindow(QMainWindow):
    """One window per ledger; `session` is the open session (None until one is created or opened)."""

    other_seats_changed = Signal(list)
    """Take ids another seat changed (from the follower's thread; queued to the GUI thread)."""

    def __init__(
        self,
        ledger: Ledger,
        language: AppLanguage | None = None,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.ledger = ledger
        self.settings = settings or AppSettings()
        self.language = language
        self.session: Session | None = None
        self.talent_screen = None
        self.export_dialog = None
        self.import_dialog = None
        self.deliveries_dialog = None
        self._deliveries_waiting = False
        self.recovery_worker: Worker | None = None
        self.session_default_worker: Worker | None = None
        self.delivery_recovery_worker: Worker | None = None
        self.takes_loader = LatestRunner(self)
        self.takes_loader.finished.connect(self._takes_loaded)
        self.takes_loader.failed.connect(self._takes_load_failed)
        self._refreshed_while_loading: set[str] = set()
        self.follower: LedgerFollower | None = None
        self.other_seats_changed.connect(self.refresh_takes)

        self.model = TakeTableModel(self)
        self.model.set_editor(self._record_labels)
        self.proxy = TakeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()
        self.status_filter = QComboBox()
        self.actor_filter = QComboBox()
        for combo in (self.status_filter, self.actor_filter):
            # Sized to their items whenever those change: the width Qt computes once, on first show, cuts
            # the texts of a language switched to later (全部 after All).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(4)
        self.status_filter_label = QLabel()
        self.status_filter_label.setBuddy(self.status_filter)
        self.actor_filter_label = QLabel()
        self.actor_filter_label.setBuddy(self.actor_filter)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status_filter(self.status_filter.currentData())
        )
        self.actor_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_actor_filter(self.actor_filter.currentData())
        )

        filters = QHBoxLayout()
        filters.addWidget(self.status_filter_label)
        filters.addWidget(self.status_filter)
        filters.addSpacing(16)
        filters.addWidget(self.actor_filter_label)
        filters.addWidget(self.actor_filter)
        filters.addStretch(1)
        self.session_label = QLabel()
        self.session_label.setObjectName("SessionLabel")
        filters.addWidget(self.session_label)
        central = QWidget()
        column = QVBoxLayout(central)
        column.addLayout(filters)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("EmptyHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_hint)
        column.addWidget(self.table_stack, 1)
        self.setCentralWidget(central)

        self.inspector = TakeInspector()
        self.inspector_dock = QDockWidget()
        self.inspector_dock.setObjectName("InspectorDock")
        self.inspector_dock.setWidget(self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.inspector.player.failed.connect(lambda text: show_failure(self, text))
        self._build_recorder_dock()
        self._build_actors_dock()
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)

        self._build_actions()
        self._build_menus()
        self.setTabOrder(self.status_filter, self.actor_filter)
        self.setTabOrder(self.actor_filter, self.table)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.rowsInserted.connect(self._update_counts)
        self.model.modelReset.connect(self._update_counts)
        self.setAcceptDrops(True)
        self.apply_status_style()
        self.retranslate()
        self.resize(1200, 760)
        if self.settings.main_window_geometry:
            self.restoreGeometry(self.settings.main_window_geometry)
        if self.settings.main_window_state:
            self.restoreState(self.settings.main_window_state)

    # --- building --------------------------------------------------------------------------
    def _build_recorder_dock(self) -> None:
        """In a tab beside the inspector, so the take table keeps the window's height."""
        self.recorder_dock = RecorderDock(self.ledger)
        self.recorder_dock.take_started.connect(lambda take_id: self.refresh_takes([take_id]))
        self.recorder_dock.take_finished.connect(self._take_finished)
        self.recorder_dock.takes_changed.connect(self.refresh_takes)
        self.recorder_dock.recording_changed.connect(self._recording_changed)
        self.recorder_dock.failed.connect(lambda text: show_failure(self, text))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.recorder_dock)
        self.tabifyDockWidget(self.inspector_dock, self.recorder_dock)
        self.inspector_dock.raise_()

    def _build_actors_dock(self) -> None:
        """A third tab beside the inspector and the recorder: the session's actors."""
        self.actors_panel = ActorsPanel(self)
        self.actors_panel.add_requested.connect(self.add_actor)
        self.actors_panel.edit_requested.connect(self.edit_actor)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.actors_panel)
        self.tabifyDockWidget(self.recorder_dock, self.actors_panel)
        self.inspector_dock.raise_()

    def toggle_recording(self) -> None:
        self.recorder_dock.toggle_recording()

    def _take_finished(self, take: Take) -> None:
        """A take is finished on a worker, perhaps after another session was opened: it goes into the
        table only while its own session is open."""
        if self.session is not None and take.session_id == self.session.id:
            self.refresh_takes([take.id])

    def _recording_changed(self) -> None:
        """Record / Stop, and off while the stopped take is finished (the panel refuses a new one then)."""
        record = self.main_actions[Action.RECORD]
        record.setText(self.record_action_text())
        record.setEnabled(self.session is not None and not self.recorder_dock.is_finishing())

    def record_action_text(self) -> str:
        if self.recorder_dock.is_recording():
            return self.tr("S&top recording")
        if self.recorder_dock.is_finishing():
            return self.tr("Finishing the take…")
        return self.tr("&Record a take")

    def _actors_changed(self) -> None:
        self.recorder_dock.set_actors(self.ledger.list_actors(self.session.id) if self.session else [])
        self.show_actors()

    def show_actors(self) -> None:
        """The Actors panel from the ledger (names, standing decisions) and the table (takes per actor)."""
        if self.session is None:
            self.actors_panel.show_actors([], [], {})
            return
        counts: dict[str, int] = {}
        for row in range(self.model.rowCount()):
            for actor_id in self.model.row_at(row).actor_ids:
                counts[actor_id] = counts.get(actor_id, 0) + 1
        self.actors_panel.show_actors(
            self.ledger.list_actors(self.session.id), self.ledger.standing_decisions(self.session.id), counts
        )

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("TakeTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.NUMBER, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        triggers = QAbstractItemView.EditTrigger
        table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.SelectedClicked)
        delegate = LabelDelegate(table, self.selected_take_ids)
        for column in EDITABLE_COLUMNS:
            table.setItemDelegateForColumn(column, delegate)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        vertical = table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + ROW_HEIGHT_PADDING)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (Column.NUMBER, 52), (Column.FILE, 170), (Column.SCENE, 80), (Column.LINE, 50),
            (Column.CHARACTER, 110), (Column.TIME, 145), (Column.DURATION, 64), (Column.ACTORS, 150),
            (Column.STATUS, 300),
        ):
            header.resizeSection(column, width)
        # The decision is what the engineer scans for: next to the take number, in view at any window width.
        header.moveSection(header.visualIndex(Column.STATUS), header.visualIndex(Column.NUMBER) + 1)
        return table

    def _action(self, slot, shortcut: QKeySequence | str | None = None, checkable: bool = False) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        """The table's actions (ui/main_actions.py), then the theme and language choices."""
        self.main_actions = {
            name: self._action(getattr(self, spec.slot), spec.shortcut) for name, spec in ACTIONS.items()
        }
        self.theme_actions = QActionGroup(self)
        for name in theme.ThemeName:
            action = self._action(lambda _c=False, n=name: self.set_theme(n), checkable=True)
            action.setData(name.value)
            action.setChecked(theme.theme_by_name(self.settings.theme) is name)
            self.theme_actions.addAction(action)
        self.language_actions = QActionGroup(self)
        for code in ("", *LANGUAGES):
            action = self._action(lambda _c=False, c=code: self.set_language(c), checkable=True)
            action.setData(code)
            action.setChecked(self.settings.language == code)
            self.language_actions.addAction(action)

    def _fill(self, menu: QMenu | QToolBar, items) -> None:
        for item in items:
            if item is SEPARATOR:
                menu.addSeparator()
            elif item == RECENT_SESSIONS:
                menu.addMenu(self.recent_menu)
            else:
                menu.addAction(self.main_actions[item])

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self.file_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill(self.file_menu, FILE_MENU)
        self.consent_menu = bar.addMenu("")
        self._fill(self.consent_menu, CONSENT_MENU)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.inspector_dock.toggleViewAction())
        self.view_menu.addAction(self.recorder_dock.toggleViewAction())
        self.view_menu.addAction(self.actors_panel.toggleViewAction())
        self.theme_menu = self.view_menu.addMenu("")
        self.theme_menu.addActions(self.theme_actions.actions())
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(self.language_actions.actions())
        self.help_menu = bar.addMenu("")
        self._fill(self.help_menu, HELP_MENU)
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._fill(self.toolbar, TOOLBAR)

    def show_about(self) -> None:
        about.show_about(self)

    def edit_studio(self) -> bool:
        """The studio's name, address and contact (also asked once on the first run); True when saved."""
        from studio_app.ui.dialogs.studio_dialog import StudioDialog

        return StudioDialog(self).exec() == StudioDialog.DialogCode.Accepted

    def retranslate(self) -> None:
        """Every visible text, set again when the language changes (QEvent.LanguageChange)."""
        for name, spec in ACTIONS.items():
            self.main_actions[name].setText(spec.text(self))
        self.inspector_dock.toggleViewAction().setText(self.tr("Take &inspector"))
        themes = {
            theme.ThemeName.DARK: self.tr("&Dark (control room)"),
            theme.ThemeName.LIGHT: self.tr("&Light"),
        }
        for action in self.theme_actions.actions():
            action.setText(themes[theme.ThemeName(action.data())])
        for action in self.language_actions.actions():
            action.setText(LANGUAGES.get(action.data()) or self.tr("&System language"))
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("&Recent sessions"))
        self.consent_menu.setTitle(self.tr("&Consent"))
        self.view_menu.setTitle(self.tr("&View"))
        self.theme_menu.setTitle(self.tr("&Theme"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        self.inspector_dock.setWindowTitle(self.tr("Take inspector"))
        self.inspector.retranslate()
        self.status_filter_label.setText(self.tr("&Status:"))
        self.actor_filter_label.setText(self.tr("Ac&tor:"))
        self.status_filter.setAccessibleName(self.tr("Filter by consent status"))
        self.actor_filter.setAccessibleName(self.tr("Filter by actor"))
        self.table.setAccessibleName(self.tr("Takes"))
        self._fill_status_filter()
        self._fill_actor_filter()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        self._update_title()
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.reload_takes()
        super().changeEvent(event)

    def _fill_status_filter(self) -> None:
        current = self.status_filter.currentData()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(self.tr("All"), None)
        for kind, text in (
            (StatusKind.PENDING, self.tr("Pending")),
            (StatusKind.NOT_AUTHORIZED, self.tr("Not authorized")),
            (StatusKind.AUTHORIZED, self.tr("Authorized")),
            (StatusKind.CONDITIONS, self.tr("Conditions")),
        ):
            self.status_filter.addItem(theme.status_icon(kind), text, kind)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(current)))
        self.status_filter.blockSignals(False)

    def _fill_actor_filter(self) -> None:
        current = self.actor_filter.currentData()
        self.actor_filter.blockSignals(True)
        self.actor_filter.clear()
        self.actor_filter.addItem(self.tr("All"), None)
        for name in self.model.all_actor_names():
            self.actor_filter.addItem(name, name)
        index = self.actor_filter.findData(current)
        self.actor_filter.setCurrentIndex(max(0, index))
        self.actor_filter.blockSignals(False)
        if current is not None and index < 0:
            self.proxy.set_actor_filter(None)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        known = {s.id: s for s in self.ledger.list_sessions()}
        for session_id in self.settings.recent_session_ids:
            if session_id in known:
                action = self.recent_menu.addAction(known[session_id].title)
                action.triggered.connect(lambda _c=False, s=session_id: self.open_session(s))

    def _update_title(self) -> None:
        """The session's title; Qt adds the application's display name itself (see `shown_title`)."""
        self.setWindowTitle(self.session.title if self.session else "")
        self.session_label.setText(self._session_summary())
        for name, spec in ACTIONS.items():
            if spec.needs_session:
                self.main_actions[name].setEnabled(self.session is not None)
        self._recording_changed()
        self._update_export_action()

    def shown_title(self) -> str:
        """The title bar as Qt shows it: the window title followed by the application's display name
        (set by run_app), or that name alone."""
        name = QApplication.applicationDisplayName()
        title = self.windowTitle()
        return f"{title} \u2014 {name}" if title and name and title != name else title or name

    def _update_export_action(self) -> None:
        """Export reads the table's rows, so it waits while they load."""
        self.main_actions[Action.EXPORT].setEnabled(self.session is not None and not self.is_loading())

    def _session_summary(self) -> str:
        if not self.session:
            return ""
        parts = [self.session.title]
        if self.session.client:
            parts.append(self.session.client)
        if self.session.contract_reference:
            parts.append(self.tr("contract %1").replace("%1", self.session.contract_reference))
        return " · ".join(parts)

    def _update_counts(self, *_args) -> None:
        total = self.model.rowCount()
        if not self.session:
            self.empty_hint.setText(
                self.tr("No session open: File ▸ New session (Ctrl+N) or Open session (Ctrl+O).")
            )
        elif self.is_loading():
            self.empty_hint.setText(self.tr("Loading the session's takes…"))
        else:
            self.empty_hint.setText(self.tr(
                "No takes yet. Drop WAV files or folders here, use File ▸ Import takes (Ctrl+I), "
                "or record in the Recorder tab."
            ))
        self.table_stack.setCurrentWidget(self.table if total else self.empty_hint)
        if self.is_loading():
            self.counts_label.setText(self.tr("Loading takes…"))
            return
        pending = sum(1 for row in range(total) if self.model.row_at(row).kind is StatusKind.PENDING)
        self.counts_label.setText(
            self.tr("%n take(s), %1 pending", "", total).replace("%1", str(pending))
        )

    # --- theme, language, help -------------------------------------------------------------
    def apply_status_style(self) -> None:
        """Give the model the theme's status colours and icons, built once per theme change."""
        style = {}
        for kind in StatusKind:
            colours = theme.status_colours(kind)
            style[kind] = (QColor(colours.text), QColor(colours.fill), theme.status_icon(kind))
        self.model.set_status_style(style)

    def set_theme(self, name: theme.ThemeName) -> None:
        theme.apply_theme(QApplication.instance(), name)
        self.settings.theme = name.value
        self.apply_status_style()
        self._fill_status_filter()

    def set_language(self, code: str) -> None:
        """'' follows the system; the choice is remembered by AppLanguage in the settings."""
        if self.language is not None:
            self.language.apply(code)
        else:
            self.settings.language = code

    def open_user_guide(self) -> None:
        from studio_app.ui.dialogs.open_location import open_location

        open_location(self, user_guide_path())

    # --- sessions --------------------------------------------------------------------------
    def new_session(self) -> None:
        dialog = SessionDialog(parent=self)
        dialog.submit = lambda: self.ledger.create_session(**vars(dialog.fields()))
        if dialog.exec() == SessionDialog.DialogCode.Accepted:
            self.open_session(dialog.outcome.id)

    def edit_session(self) -> None:
        dialog = SessionDialog(self.session, parent=self)
        dialog.submit = lambda: self.ledger.update_session(self.session.id, **vars(dialog.fields()))
        if dialog.exec() == SessionDialog.DialogCode.Accepted:
            self.session = dialog.outcome
            self._update_title()

    def choose_session(self) -> None:
        dialog = SessionPickerDialog(self.ledger.list_sessions(), parent=self)
        if dialog.exec() == SessionPickerDialog.DialogCode.Accepted and dialog.session_id():
            self.open_session(dialog.session_id())

    def open_session(self, session_id: str) -> None:
        """The session at once (title, actors); its takes follow from a worker, the table cleared of
        another session's rows meanwhile."""
        previous = self.session
        try:
            self.session = self.ledger.session(session_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.settings.remember_session(session_id)
        if previous is None or previous.id != session_id:
            self.model.set_takes([])
            self._follow(session_id)
        self.recorder_dock.open_session(session_id, self.ledger.list_actors(session_id))
        self.show_actors()
        self.reload_takes()
        self._update_title()

    def _follow(self, session_id: str) -> None:
        """Other seats' changes to this session show as they happen (a ledger server only)."""
        if self.follower is not None:
            self.follower.stop()
        try:
            self.follower = follow(self.ledger.path, session_id, self.other_seats_changed.emit)
        except Exception as exc:
            self.follower = None
            show_error(self, exc)

    def reopen_last_session(self) -> None:
        last = self.settings.last_session_id
        if last and any(s.id == last for s in self.ledger.list_sessions()):
            self.open_session(last)

    # --- takes -----------------------------------------------------------------------------
    def reload_takes(self) -> None:
        """The whole session again (on open, language change and bulk changes), read and turned into rows
        off the GUI thread: about a second at 10,000 takes. Meanwhile the table is disabled and the
        status bar says so; a newer load supersedes this one."""
        if not self.session:
            self.model.set_takes([])
            return
        self._refreshed_while_loading.clear()
        self.takes_loader.run(session_rows_task(self.ledger.path, self.session.id, self.ledger.today()))
        self._show_loading()

    def is_loading(self) -> bool:
        return self.takes_loader.busy()

    def _show_loading(self) -> None:
        """While the takes load, the table takes no clicks on stale rows and the status bar says so."""
        self.table.setEnabled(not self.is_loading())
        self._update_export_action()
        self._update_counts()

    def _takes_loaded(self, rows: list[TakeRow]) -> None:
        """The rows replace the table; takes changed while they were read are updated again on top."""
        self.model.set_takes(rows)
        self._show_loading()
        self._fill_actor_filter()
        self.show_actors()
        changed = sorted(self._refreshed_while_loading)
        self._refreshed_while_loading.clear()
        if changed:
            self.refresh_takes(changed)
        else:
            self.show_inspector()

    def _takes_load_failed(self, exc: Exception) -> None:
        self._show_loading()
        show_error(self, exc)

    def refresh_takes(self, take_ids: list[str]) -> None:
        """Changed or new takes: precise row updates, no reset, selection kept. During a load they are
        noted, so the loaded rows (read perhaps before the change) are corrected when they arrive."""
        today = self.ledger.today()
        self._show_refreshed_rows([take_row(o, today) for o in self.ledger.take_overviews(take_ids)])

    def _show_refreshed_rows(self, rows: list[TakeRow]) -> None:
        """Rows read again (here or by a worker) replace theirs in the table."""
        if self.is_loading():
            self._refreshed_while_loading.update(row.take_id for row in rows)
        self.model.upsert(rows)
        self._update_counts()
        self._fill_actor_filter()
        self.show_actors()
        self.show_inspector()

    def _record_labels(self, take_ids: list[str], field_name: str, value: str) -> list[TakeRow]:
        """Scene, line or character typed into the table, recorded on every take it was typed for; the
        rows read back go to the table (the model's edit), the inspector and the status bar."""
        try:
            self.ledger.update_takes(take_ids, **{field_name: value})
        except Exception as exc:
            show_error(self, exc)
            return []
        today = self.ledger.today()
        rows = [take_row(o, today) for o in self.ledger.take_overviews(take_ids)]
        self.statusBar().showMessage(self.tr("Labelled %n take(s).", "", len(rows)), 5000)
        QTimer.singleShot(0, self.show_inspector)
        return rows

    def selected_take_ids(self) -> list[str]:
        """In table order; read from the selection's ranges (selectedRows() is quadratic in them)."""
        spans = self.table.selectionModel().selection()
        rows = sorted({row for span in spans for row in range(span.top(), span.bottom() + 1)})
        return [self.proxy.index(row, 0).data(TAKE_ID_ROLE) for row in rows]

    def select_takes(self, take_ids: list[str]) -> None:
        """Select and reveal takes (the export dialog's blocking list uses this), clearing hiding filters;
        one selection change however many takes."""
        rows = [r for r in map(self.model.source_row_of, take_ids) if r is not None]
        indexes = [self.proxy.mapFromSource(self.model.index(r, 0)) for r in rows]
        if not all(index.isValid() for index in indexes):
            self.status_filter.setCurrentIndex(0)
            self.actor_filter.setCurrentIndex(0)
            indexes = [self.proxy.mapFromSource(self.model.index(r, 0)) for r in rows]
        wanted = QItemSelection()
        for first, last in _runs(sorted(index.row() for index in indexes)):
            wanted.select(self.proxy.index(first, 0), self.proxy.index(last, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(wanted, flags)
        if indexes:
            self.table.scrollTo(indexes[0])
        self.table.setFocus()

    def _selection_changed(self, *_args) -> None:
        self.show_inspector()

    def show_inspector(self) -> None:
        from studio_app.wav.tagging import preview_tags

        take_ids = self.selected_take_ids()
        if len(take_ids) != 1:
            self.inspector.clear(
                self.tr("%1 takes selected.").replace("%1", str(len(take_ids))) if take_ids else None
            )
            return
        take_id = take_ids[0]
        try:
            take = self.ledger.take(take_id)
            actors = self.ledger.list_actors(take.session_id)
            history = self.ledger.decision_history(take_id)
            tags = preview_tags(self.ledger.consent_record(take_id))
        except Exception as exc:
            self.inspector.clear(str(exc))
            return
        self.inspector.show_take(take, actors, history, tags)

    # --- consent actions -------------------------------------------------------------------
    def add_actor(self) -> None:
        """Add an actor; the Actors panel comes forward with them selected and the status bar says so."""
        dialog = ActorDialog(self)
        dialog.submit = lambda: self.ledger.add_actor(
            self.session.id, dialog.legal_name(), dialog.stage_name()
        )
        if dialog.exec() == ActorDialog.DialogCode.Accepted:
            self._actor_saved(dialog.outcome, self.tr("Actor %1 added to the session."))

    def edit_actor(self, actor_id: str) -> None:
        dialog = ActorDialog(self, self.ledger.actor(actor_id))
        dialog.submit = lambda: self.ledger.update_actor(actor_id, dialog.legal_name(), dialog.stage_name())
        if dialog.exec() == ActorDialog.DialogCode.Accepted:
            self._actor_saved(dialog.outcome, self.tr("Actor %1 saved."))
            self.reload_takes()

    def _actor_saved(self, actor: Actor, message: str) -> None:
        self._actors_changed()
        self.actors_panel.show()
        self.actors_panel.raise_()
        self.actors_panel.select_actor(actor.id)
        self.statusBar().showMessage(message.replace("%1", actor.display_name), 8000)

    def apply_session_default(self) -> Worker:
        """No contract / no AI clause: first what it would decide (read in a worker), then the engineer's
        confirmation (the selected takes only, or every undecided take), then the decisions."""
        session, selected = self.session, self.selected_take_ids()

        def plan(ledger: Ledger, _control: WorkerControl):
            whole = plan_session_default(ledger, session.id)
            return whole, plan_session_default(ledger, session.id, selected) if selected else None

        worker = Worker(on_own_ledger(self.ledger.path, plan))
        worker.signals.finished.connect(lambda plans: self._confirm_session_default(session, *plans))
        worker.signals.failed.connect(self._session_default_failed)
        self.session_default_worker = worker
        return worker.start()

    def _confirm_session_default(self, session: Session, whole, selected) -> None:
        from studio_app.ui.dialogs.session_default_dialog import SessionDefaultDialog

        if self.session is None or self.session.id != session.id:
            return
        if not whole.decisions:
            self.statusBar().showMessage(self.tr("Nothing to decide: every take has its decisions."), 8000)
            return
        dialog = SessionDefaultDialog(whole, selected, self)
        if dialog.exec() == SessionDefaultDialog.DialogCode.Accepted:
            self.record_session_default(dialog.take_ids())

    def record_session_default(self, take_ids: list[str] | None = None) -> Worker:
        """The session default over `take_ids` (None: every undecided take): the ledger records not
        authorized in a worker on its own ledger connection (10,000 takes take seconds) behind a progress
        dialog whose Cancel stops between batches, keeping the ones recorded; then the takes it decided
        are refreshed."""
        from studio_app.ui.dialogs.worker_progress import WorkerProgressDialog

        session = self.session

        def decide(ledger: Ledger, control: WorkerControl) -> tuple[DecisionOutcome, list[TakeRow]]:
            """The decisions, then the decided takes read back as table rows (seconds at 10,000 takes:
            not the GUI thread's work either)."""
            outcome = apply_session_default(
                ledger, session.id, session.engineer, take_ids=take_ids, progress=control.progress,
                cancel=control.cancelled,
            )
            decided = sorted({d.take_id for d in outcome.decisions})
            today = ledger.today()
            return outcome, [take_row(o, today) for o in ledger.take_overviews(decided)]

        worker = Worker(on_own_ledger(self.ledger.path, decide))
        WorkerProgressDialog(worker, self.tr("Applying the session default to the pending takes…"), self)
        worker.signals.finished.connect(self._session_default_recorded)
        worker.signals.failed.connect(self._session_default_failed)
        worker.signals.cancelled.connect(self.reload_takes)
        return worker.start()

    def _session_default_recorded(self, result: tuple[DecisionOutcome, list[TakeRow]]) -> None:
        outcome, rows = result
        self._show_refreshed_rows(rows)
        self.statusBar().showMessage(
            self.tr("Session default recorded: %n decision(s).", "", len(outcome.decisions)), 8000
        )

    def _session_default_failed(self, exc: Exception) -> None:
        """Refused (an AI clause) or stopped by an error: any batch recorded before it shows on reload."""
        show_error(self, exc)
        self.reload_takes()

    def record_restriction(self) -> None:
        take_ids = self.selected_take_ids()
        if not take_ids:
            QMessageBox.information(self, self.tr("Record restriction"), self.tr("Select the takes first."))
            return
        actor_ids = {a for t in take_ids for a in self.model.take_row(t).actor_ids}
        actors = [a for a in self.ledger.list_actors(self.session.id) if a.id in actor_ids]
        dialog = RestrictionDialog(actors, len(take_ids), self.session.engineer, self)
        dialog.submit = lambda: self.restrict(
            take_ids, dialog.actor_ids(), dialog.reason(), dialog.engineer()
        )
        dialog.exec()

    def restrict(self, take_ids: list[str], actor_ids: list[str], reason: str, engineer: str) -> None:
        """Not authorized, for every scope, for each chosen actor on each take they appear on (the ledger
        decides); a refusal is raised, and what was recorded before it is shown."""
        try:
            outcome = restrict_takes(self.ledger, take_ids, actor_ids, reason, engineer)
        finally:
            self.refresh_takes(take_ids)
        if outcome.withdrawn_from:
            self.open_outdated_deliveries()

    def open_talent_screen(self) -> None:
        from studio_app.ui.dialogs.talent_launch import TalentLaunchDialog
        from studio_app.ui.talent import TalentScreen

        actors = self.ledger.list_actors(self.session.id)
        selected = self.selected_take_ids()
        on_takes = [set(self.ledger.take(take_id).actor_ids) for take_id in selected]
        on_every_take = set.intersection(*on_takes) if on_takes else set()
        dialog = TalentLaunchDialog(actors, selected, self.settings, self, on_selection=on_every_take)
        if dialog.exec() != TalentLaunchDialog.DialogCode.Accepted:
            return
        take_ids = dialog.take_ids()
        screen = TalentScreen(self.ledger, self.session.id, dialog.actor_id(), take_ids)
        screen.recorded.connect(lambda _confirmation: self._talent_recorded(screen, take_ids or []))
        self.talent_screen = screen
        screen.installEventFilter(self)
        screen.show_on(dialog.screen_choice())

    def talent_screen_open(self) -> bool:
        return self.talent_screen is not None and self.talent_screen.isVisible()

    def eventFilter(self, watched, event: QEvent) -> bool:
        """The talent screen hidden (closed): what waited for the booth to be clear is shown now."""
        if watched is self.talent_screen and event.type() == QEvent.Type.Hide and self._deliveries_waiting:
            QTimer.singleShot(0, self._booth_clear)
        return super().eventFilter(watched, event)

    def _booth_clear(self) -> None:
        if self._deliveries_waiting and not self.talent_screen_open() and self.session is not None:
            self.open_outdated_deliveries()

    def _talent_recorded(self, screen, take_ids: list[str]) -> None:
        """The actor confirmed: show their takes' new status, and the deliveries a withdrawal affects
        (once the talent screen is closed)."""
        self.refresh_takes(take_ids)
        self.show_actors()
        if screen.outcome is not None and screen.outcome.withdrawn_from:
            self.open_outdated_deliveries()

    # --- import and export -----------------------------------------------------------------
    def choose_import_files(self) -> None:
        from studio_app.ui.dialogs.wav_files_dialog import WavFilesDialog

        dialog = WavFilesDialog(self, self.tr("Import takes"), self.tr("WAV files (%1)"))
        dialog.filesSelected.connect(lambda files: self.import_paths([Path(f) for f in files]))
        self.import_files_dialog = dialog
        dialog.open()

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder of takes"))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Files and folders (dialog or drop): choose actors, then hash and copy in the background."""
        from studio_app.ui.dialogs.import_dialog import ImportDialog

        if not self.session:
            QMessageBox.information(self, self.tr("Import takes"), self.tr("Open or create a session first."))
            return
        wavs = wav_files_in(paths)
        if not wavs:
            QMessageBox.information(
                self, self.tr("Import takes"), self.tr("No WAV files among the dropped or chosen items.")
            )
            return
        dialog = ImportDialog(self.ledger, self.session.id, wavs, self)
        dialog.imported.connect(lambda take_id: self.refresh_takes([take_id]))
        self.import_dialog = dialog
        dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def open_outdated_deliveries(self) -> None:
        """Deliveries whose files carry a decision since withdrawn, with a corrected re-export each. Their
        recipients, purposes and folders are not for the actor's eyes: while the talent screen is open the
        list waits, and opens once it is closed."""
        from studio_app.ui.dialogs.deliveries_dialog import OutdatedDeliveriesDialog

        if self.talent_screen_open():
            self._deliveries_waiting = True
            self.statusBar().showMessage(
                self.tr("Outdated deliveries: listed once the talent screen is closed."), 15000
            )
            return
        if self._deliveries_waiting:
            self.statusBar().clearMessage()  # the "listed once … closed" note: the list is here now
        self._deliveries_waiting = False
        dialog = OutdatedDeliveriesDialog(self.ledger, self.session, self.settings, self)
        self.deliveries_dialog = dialog
        dialog.open()

    def open_export_dialog(self) -> None:
        from studio_app.ui.dialogs.export_dialog import ExportDialog

        every_take = [self.model.row_at(r).take_id for r in range(self.model.rowCount())]
        take_ids = self.selected_take_ids() or every_take
        dialog = ExportDialog(self.ledger, self.session, take_ids, self.settings, self, every_take)
        dialog.select_take_requested.connect(lambda take_id: self.select_takes([take_id]))
        dialog.select_takes_requested.connect(self.select_takes)
        dialog.delivered.connect(lambda _d: self.reload_takes())
        self.export_dialog = dialog
        dialog.open()

    # --- start-up and shut-down ------------------------------------------------------------
    def recover_unfinished_takes(self) -> Worker:
        """Takes a crash left mid-recording are repaired off the GUI thread by the recorder's service."""
        from studio_app.services.recording import recover_unfinished

        worker = Worker(on_own_ledger(self.ledger.path, lambda ledger, _c: recover_unfinished(ledger)))
        worker.signals.finished.connect(self._recovered)
        worker.signals.failed.connect(self._recovery_failed)
        self.recovery_worker = worker.start()
        return worker

    def _recovery_failed(self, exc: Exception) -> None:
        show_error(self, exc)

    def _recovered(self, recoveries: list) -> None:
        repaired = [r for r in recoveries if r.report is not None]
        problems = [(str(r.path), r.problem) for r in recoveries if r.problem]
        if repaired:
            self.reload_takes()
            message = self.tr("Recovered %n unfinished take(s).", "", len(repaired))
            self.statusBar().showMessage(message, 15000)
        if problems:
            show_problems(self, self.tr("Unfinished takes that could not be repaired"), problems)

    def recover_unfinished_deliveries(self) -> Worker:
        """Deliveries an export killed half-way left behind: published when the ledger had recorded them,
        else their hidden staging folders removed and the delivery marked interrupted, and the user told."""
        from studio_app.services.staging import recover_unfinished_deliveries

        job = on_own_ledger(self.ledger.path, lambda ledger, _c: recover_unfinished_deliveries(ledger))
        worker = Worker(job)
        worker.signals.finished.connect(self._deliveries_recovered)
        worker.signals.failed.connect(self._recovery_failed)
        self.delivery_recovery_worker = worker.start()
        return worker

    def _deliveries_recovered(self, recovered: list) -> None:
        lines = []
        for delivery in recovered:
            if delivery.problem:
                lines.append((str(delivery.folder), delivery.problem))
            elif delivery.state is DeliveryState.INTERRUPTED:
                lines.append((str(delivery.folder), self.tr(
                    "an export was interrupted; its unfinished files were removed and nothing was delivered"
                )))
            else:
                lines.append((str(delivery.folder), self.tr(
                    "an interrupted export had been recorded as delivered; its files are now in place"
                )))
        if lines:
            show_problems(self, self.tr("Interrupted exports"), lines)

    def closeEvent(self, event) -> None:
        """Closing cancels an import, export or re-export still running and waits for it to clean up, so
        quitting never leaves a half-written file or a half-recorded delivery."""
        for dialog in (self.import_dialog, self.export_dialog, self.deliveries_dialog):
            if dialog is not None and dialog.is_running():
                dialog.cancel()
        self.recorder_dock.stop()
        if self.follower is not None:
            self.follower.stop()
        QThreadPool.globalInstance().waitForDone()
        self.settings.main_window_geometry = bytes(self.saveGeometry().data())
        self.settings.main_window_state = bytes(self.saveState().data())
        self.settings.sync()
        super().closeEvent(event)
