"""Live: another seat's new take, decision or delivery shows in this seat's open window within a second.

On a ledger server every write transaction announces itself (NOTIFY at commit); a follower thread with a
connection of its own LISTENs, reads the audit events after the last one it saw, and hands the changed
takes of the open session to a callback, so the window updates those rows and nothing else. A ledger file
has no other seats: nothing to follow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from studio_app.core.errors import SlateError
from studio_app.store.engine import Location, is_server
from studio_app.store.repository import LedgerStore

WAIT_S = 0.5
"""How long the follower waits for a notification before it looks whether it was stopped."""


class LedgerFollower:
    """Calls `on_takes(take_ids)` from its own thread with the takes of `session_id` other seats changed."""

    def __init__(self, location: Location, session_id: str, on_takes: Callable[[list[str]], None]) -> None:
        from studio_app.store.postgres import ChangeListener

        self._stopped = threading.Event()
        self._listener = ChangeListener(str(location))
        self._store = LedgerStore.open(location)
        self._seen = (self._store.audit_head() or (0, ""))[0]
        self._session_id = session_id
        self._on_takes = on_takes
        self._thread = threading.Thread(target=self._run, name="ledger-follower", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stopped.is_set():
                if self._listener.wait(WAIT_S) and not self._stopped.is_set():
                    self._seen, take_ids = self._store.changed_takes_since(self._seen, self._session_id)
                    if take_ids:
                        self._on_takes(take_ids)
        except SlateError:
            pass  # the server went away: the window's own next read says so
        finally:
            self._listener.close()
            self._store.close()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=WAIT_S * 4)


def follow(
    location: Location, session_id: str, on_takes: Callable[[list[str]], None]
) -> LedgerFollower | None:
    """A follower of the ledger's other seats, or None for a ledger file."""
    return LedgerFollower(location, session_id, on_takes) if is_server(location) else None
