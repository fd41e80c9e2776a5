"""After a revocation or restriction: which deliveries now carry a decision the ledger has superseded,
and a corrected re-export of their takes with the decisions in force.

The files already delivered are not touched (they are the recipient's); `verify` on them still reports
what they say, signed. The ledger shows the difference: the decision ids a delivery carried, and the
later decisions that superseded them (`Ledger.decision_history`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from studio_app.core.model import Delivery
from studio_app.core.record import ConsentRecord
from studio_app.core.scopes import Purpose
from studio_app.services.export import ExportError, ExportOptions, ExportProgress, ExportReport, export_takes
from studio_app.services.ledger import Cancel, Ledger


@dataclass(frozen=True)
class OutdatedDelivery:
    """A delivery whose files carry decisions that are no longer in force, per take, and the delivery
    that corrected it (None while the recipient has had no corrected copies)."""

    delivery: Delivery
    superseded: dict[str, tuple[str, ...]]
    """take id -> the decision ids its delivered file carries that the ledger has since superseded."""
    corrected_by: str | None = None

    @property
    def take_ids(self) -> tuple[str, ...]:
        return tuple(self.superseded)

    @property
    def needs_correction(self) -> bool:
        return self.corrected_by is None


def outdated_deliveries(ledger: Ledger, session_id: str) -> list[OutdatedDelivery]:
    """The session's deliveries with at least one take whose decisions changed since it was delivered,
    corrected or not (`needs_correction` tells)."""
    corrections = ledger.corrections(session_id)
    found = []
    for delivery in ledger.deliveries(session_id):
        superseded = {}
        for item in delivery.items:
            carried = _decision_ids(ConsentRecord.from_json(item.record_json))
            gone = carried - _decision_ids(ledger.consent_record(item.take_id))
            if gone:
                superseded[item.take_id] = tuple(sorted(gone))
        if superseded:
            found.append(OutdatedDelivery(delivery, superseded, corrections.get(delivery.id)))
    return found


def reexport_delivery(
    ledger: Ledger,
    delivery_id: str,
    folder: str | os.PathLike,
    *,
    purpose: Purpose | None = None,
    progress: Callable[[ExportProgress], None] | None = None,
    cancel: Cancel | None = None,
) -> ExportReport:
    """Export the delivery's outdated takes again, with today's decisions, to the same recipient for the
    same purpose (unless `purpose` says otherwise), into `folder` (created if missing), recorded as the
    correction of that delivery.

    A withdrawn permission does not stop the copies (they exist to carry it: the file for `ai_training`
    now says not authorized, and `verify --require ai_training` fails on it); a take pending again does.
    """
    delivery = ledger.delivery(delivery_id)
    outdated = next(
        (o for o in outdated_deliveries(ledger, delivery.session_id) if o.delivery.id == delivery.id), None
    )
    subject = f"delivery {delivery.id[:8]}"
    if outdated is None:
        raise ExportError(subject, "no decision it carried has changed since")
    if outdated.corrected_by is not None:
        raise ExportError(subject, f"was already corrected by delivery {outdated.corrected_by[:8]}")
    options = ExportOptions(
        purpose=purpose or delivery.purpose, recipient=delivery.recipient, corrects=delivery.id
    )
    return export_takes(ledger, outdated.take_ids, folder, options, progress=progress, cancel=cancel)


def _decision_ids(record: ConsentRecord) -> set[str]:
    return {d.decision_id for actor in record.actors for d in actor.decisions}
