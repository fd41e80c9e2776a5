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
    """A delivery whose files carry decisions that are no longer in force, per take."""

    delivery: Delivery
    superseded: dict[str, tuple[str, ...]]
    """take id -> the decision ids its delivered file carries that the ledger has since superseded."""

    @property
    def take_ids(self) -> tuple[str, ...]:
        return tuple(self.superseded)


def outdated_deliveries(ledger: Ledger, session_id: str) -> list[OutdatedDelivery]:
    """The session's deliveries with at least one take whose decisions changed since it was delivered."""
    found = []
    for delivery in ledger.deliveries(session_id):
        superseded = {}
        for item in delivery.items:
            carried = _decision_ids(ConsentRecord.from_json(item.record_json))
            gone = carried - _decision_ids(ledger.consent_record(item.take_id))
            if gone:
                superseded[item.take_id] = tuple(sorted(gone))
        if superseded:
            found.append(OutdatedDelivery(delivery, superseded))
    return found


def reexport_delivery(
    ledger: Ledger,
    delivery_id: str,
    folder: str | os.PathLike,
    *,
    purpose: Purpose = Purpose.DELIVERY,
    progress: Callable[[ExportProgress], None] | None = None,
    cancel: Cancel | None = None,
) -> ExportReport:
    """Export the delivery's outdated takes again, to the same recipient, with today's decisions.

    The purpose defaults to a plain delivery: a revoked AI use cannot be delivered for that use again,
    so the corrected copies travel as a notice; the export gate still judges any other purpose.
    """
    delivery = ledger.delivery(delivery_id)
    outdated = next(
        (o for o in outdated_deliveries(ledger, delivery.session_id) if o.delivery.id == delivery.id), None
    )
    if outdated is None:
        raise ExportError(f"delivery {delivery.id[:8]}", "no decision it carried has changed since")
    options = ExportOptions(purpose=purpose, recipient=delivery.recipient)
    return export_takes(ledger, outdated.take_ids, folder, options, progress=progress, cancel=cancel)


def _decision_ids(record: ConsentRecord) -> set[str]:
    return {d.decision_id for actor in record.actors for d in actor.decisions}
