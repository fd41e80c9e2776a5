"""`iXML`: our own root-level CONSENT_SLATE block (readable per actor and scope, plus the canonical
record JSON); every foreign element of an existing iXML is kept byte for byte."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from studio_app.core.ai_signals import data_mining_code
from studio_app.core.record import SCHEMA_ID, SCHEMA_VERSION, ConsentRecord
from studio_app.core.scopes import ALL_SCOPES
from studio_app.wav.errors import WavError
from studio_app.wav.xmlsafe import parse_xml

BLOCK = "CONSENT_SLATE"
RECORD_ELEMENT = "RECORD_JSON"
_OUR_BLOCK = re.compile(rb"\s*<CONSENT_SLATE\b.*?</CONSENT_SLATE>|\s*<CONSENT_SLATE\s*/>", re.DOTALL)
_ROOT_END = re.compile(rb"</BWFXML\s*>")
_EMPTY_ROOT = re.compile(rb"<BWFXML(\s[^>]*)?/>")
_NEW_IXML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<BWFXML>\n  <IXML_VERSION>2.10</IXML_VERSION>\n</BWFXML>\n'
)


def consent_block(record: ConsentRecord, on: date) -> str:
    """The CONSENT_SLATE element: effective value per scope, each actor's decisions, the record JSON."""
    block = ET.Element(BLOCK)
    _sub(block, "SCHEMA", SCHEMA_ID)
    _sub(block, "SCHEMA_VERSION", str(SCHEMA_VERSION))
    _sub(block, "TAKE_ID", record.take_id)
    _sub(block, "AUDIO_SHA256", record.audio_sha256)
    _sub(block, "ISSUED_AT", record.issued_at)
    _sub(block, "DATA_MINING", data_mining_code(record, on))
    effective = ET.SubElement(block, "EFFECTIVE")
    for scope, permission in record.effective(on).items():
        _sub(effective, scope.value.upper(), permission.value)
    actors = ET.SubElement(block, "ACTOR_LIST")
    _sub(actors, "ACTOR_COUNT", str(len(record.actors)))
    for actor in record.actors:
        node = ET.SubElement(actors, "ACTOR")
        _sub(node, "NAME", actor.name)
        _sub(node, "ACTOR_ID", actor.actor_id)
        for scope in ALL_SCOPES:
            decision = actor.decision_for(scope)
            item = ET.SubElement(node, scope.value.upper())
            _sub(item, "PERMISSION", decision.permission.value if decision else "not_authorized")
            if decision:
                _sub(item, "METHOD", decision.method.value)
                _sub(item, "RECORDED_AT", decision.recorded_at)
                for name in ("reason", "conditions", "expires", "contract_reference"):
                    if getattr(decision, name):
                        _sub(item, name.upper(), getattr(decision, name))
    _sub(block, RECORD_ELEMENT, record.to_json())
    ET.indent(block, space="  ", level=1)
    return ET.tostring(block, encoding="unicode")


def merge_ixml(existing: bytes | None, block: str) -> bytes:
    """The iXML payload with our block as the last root element, replacing an earlier one of ours."""
    if existing is None:
        existing = _NEW_IXML.encode("utf-8")
    root = parse_xml(existing, "iXML chunk")
    if root.tag != "BWFXML":
        raise WavError(None, f"iXML chunk has root <{root.tag}>, not <BWFXML>")
    text = _EMPTY_ROOT.sub(rb"<BWFXML\1></BWFXML>", existing.rstrip(b"\0"), count=1)
    ends = list(_ROOT_END.finditer(text))
    if not ends:
        raise WavError(None, "iXML chunk is not UTF-8 text (our block cannot be added to it)")
    head = _OUR_BLOCK.sub(b"", text[: ends[-1].start()])
    merged = head.rstrip() + b"\n  " + block.encode("utf-8") + b"\n" + text[ends[-1].start() :]
    parse_xml(merged, "iXML chunk")
    return merged


def record_in_ixml(payload: bytes) -> str | None:
    """The record JSON text in our block, or None when the iXML has no block of ours."""
    root = parse_xml(payload, "iXML chunk")
    node = root.find(f"{BLOCK}/{RECORD_ELEMENT}")
    return None if node is None else (node.text or "")


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, tag)
    node.text = text
    return node
