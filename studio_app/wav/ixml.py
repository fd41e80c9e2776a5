"""`iXML`: our own root-level CONSENT_SLATE block (readable per actor and scope, plus the canonical
record JSON), the Sony ASWG block game-audio pipelines read, and a TRACK_LIST when the file has none;
every foreign element of an existing iXML is kept byte for byte (a foreign ASWG block is completed)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from studio_app.core.ai_signals import data_mining_code
from studio_app.core.record import SCHEMA_ID, ConsentRecord, Representation
from studio_app.core.scopes import ALL_SCOPES
from studio_app.core.slate import Slate, take_number
from studio_app.wav.errors import WavError
from studio_app.wav.mapping import usage_terms_en, with_ours
from studio_app.wav.reader import WavFile, read_chunk
from studio_app.wav.xmlsafe import parse_xml

BLOCK = "CONSENT_SLATE"
RECORD_ELEMENT = "RECORD_JSON"
_OUR_BLOCK = re.compile(rb"\s*<CONSENT_SLATE\b.*?</CONSENT_SLATE>|\s*<CONSENT_SLATE\s*/>", re.DOTALL)
_ROOT_END = re.compile(rb"</BWFXML\s*>")
_EMPTY_ROOT = re.compile(rb"<BWFXML(\s[^>]*)?/>")
_NEW_IXML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<BWFXML>\n  <IXML_VERSION>2.10</IXML_VERSION>\n</BWFXML>\n'
)
_ASWG_BLOCK = re.compile(rb"<ASWG\b.*?</ASWG>|<ASWG\s*/>", re.DOTALL)
ASWG_SCHEMA_VERSION = "1.1"
# Every element of the ASWG v1.1 metadataType, in the order of its xs:sequence (aswg_ixml_1_1.xsd), which
# a validating reader requires; the aswgType adds schemaVersion last.
ASWG_SEQUENCE = (  # noqa: SIM905 (the schema's names, one after the other as it lists them)
    "contentType project originator originatorStudio notes session state editor mixer fxChainName "
    "isGenerated masteringEngineer originationDate channelConfig ambisonicFormat ambisonicChnOrder "
    "ambisonicNorm micType micConfig micDistance recordingLoc isDesigned recEngineer recStudio "
    "impulseLocation category subCategory catId userCategory userData vendorCategory fxName library "
    "creatorId sourceId rmsPower loudness loudnessRange maxPeak specDensity zeroCrossRate papr text "
    "efforts effortType projection language timingRestriction characterName characterGender "
    "characterAge characterRole actorName actorGender director direction fxUsed usageRights isUnion "
    "accent emotion addresseeGender isFormal devLanguage billingCode composer artist songTitle genre "
    "subGenre producer musicSup instrument musicPublisher rightsOwner isSource isLoop intensity isFinal "
    "orderRef isOst isCinematic isLicensed isDiegetic musicVersion isrcId tempo timeSig inKey schemaVersion"
).split()


def consent_block(record: ConsentRecord, on: date) -> str:
    """The CONSENT_SLATE element: effective value per scope, each actor's decisions, the record JSON."""
    block = ET.Element(BLOCK)
    _sub(block, "SCHEMA", SCHEMA_ID)
    _sub(block, "SCHEMA_VERSION", str(record.version))
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
                if decision.grant_terms is not None:
                    for name, value in decision.grant_terms.to_dict().items():
                        _sub(item, name.upper(), str(value).lower() if isinstance(value, bool) else value)
    _sub(block, RECORD_ELEMENT, record.to_json())
    ET.indent(block, space="  ", level=1)
    return ET.tostring(block, encoding="unicode")


def aswg_fields(record: ConsentRecord, on: date) -> dict[str, str]:
    """What the Sony ASWG iXML extension (v1.1) says for this take: a dialogue recording, captured (not
    AI-generated), who recorded it where, the character and actors, and the usage rights in words.
    `isUnion` is "true" when the record says so (`extra.union`) or an actor was represented by a union
    when granting; nothing says a performer is not a union member, so "false" only from `extra.union`."""
    fields = {
        "contentType": "dialog",
        "isGenerated": "false",
        "recEngineer": str(record.extra.get("engineer", "")),
        "recStudio": record.studio,
        "characterName": str(record.extra.get("character", "")),
        "actorName": ", ".join(actor.name for actor in record.actors),
        "usageRights": usage_terms_en(record, on),
    }
    union = record.extra.get("union")
    if not isinstance(union, bool):
        union = any(
            d.grant_terms is not None and d.grant_terms.representation is Representation.UNION
            for actor in record.actors
            for d in actor.decisions
        ) or None
    if union is not None:
        fields["isUnion"] = "true" if union else "false"
    return {name: value for name, value in fields.items() if value}


def track_list(channels: int) -> str:
    """An iXML TRACK_LIST for a file whose iXML has none: one track per channel of the fmt chunk (the
    `wavinfo` reader and iXML-aware DAWs expect it)."""
    tracks = ET.Element("TRACK_LIST")
    _sub(tracks, "TRACK_COUNT", str(channels))
    for index in range(1, channels + 1):
        track = ET.SubElement(tracks, "TRACK")
        _sub(track, "CHANNEL_INDEX", str(index))
        _sub(track, "INTERLEAVE_INDEX", str(index))
        _sub(track, "NAME", f"Channel {index}")
    ET.indent(tracks, space="  ", level=1)
    return ET.tostring(tracks, encoding="unicode")


def merge_ixml(existing: bytes | None, block: str, channels: int, aswg: dict[str, str]) -> bytes:
    """The iXML payload with our block as the last root element (replacing an earlier one of ours), a
    TRACK_LIST when there is none, and the ASWG block: ours, or the file's completed with our fields."""
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
    added = [] if root.find("TRACK_LIST") is not None else [track_list(channels)]
    found = _ASWG_BLOCK.search(head) if root.find("ASWG") is not None else None
    if found is None:
        added.append(_aswg(ET.Element("ASWG"), aswg))
    else:
        completed = _aswg(parse_xml(found.group(), "iXML ASWG block"), aswg)
        head = head[: found.start()] + completed.encode("utf-8") + head[found.end() :]
    added.append(block)
    ours = "".join(f"\n  {element}" for element in added).encode("utf-8")
    merged = head.rstrip() + ours + b"\n" + text[ends[-1].start() :]
    parse_xml(merged, "iXML chunk")
    return merged


def _aswg(element: ET.Element, fields: dict[str, str]) -> str:
    """The ASWG element with our fields where it has none, in the schema's order. A usageRights of its
    own keeps its text and ours follows on a line of its own (an earlier line of ours is replaced)."""
    theirs = {child.tag: child.text or "" for child in element if child.tag in ASWG_SEQUENCE}
    unknown = [child for child in element if child.tag not in ASWG_SEQUENCE]
    merged = {**fields, "schemaVersion": ASWG_SCHEMA_VERSION, **theirs}
    if "usageRights" in theirs and "usageRights" in fields:
        merged["usageRights"] = with_ours(theirs["usageRights"], fields["usageRights"])
    element[:] = []
    for name in ASWG_SEQUENCE:
        if name in merged:
            _sub(element, name, merged[name])
    element[-1:-1] = unknown  # elements outside the schema stay, before schemaVersion
    element.tail = None
    ET.indent(element, space="  ", level=1)
    return ET.tostring(element, encoding="unicode")


def aswg_usage_rights(payload: bytes) -> str:
    """The ASWG usageRights text of an iXML payload ('' without one)."""
    return parse_xml(payload, "iXML chunk").findtext("ASWG/usageRights") or ""


def recorder_slate(payload: bytes) -> Slate:
    """The slate a field recorder or DAW wrote into its iXML: SCENE, TAKE (`001` is take 1) and NOTE."""
    root = parse_xml(payload, "iXML chunk")
    text = {tag: (root.findtext(tag) or "").strip() for tag in ("SCENE", "TAKE", "NOTE")}
    return Slate(scene=text["SCENE"], take=take_number(text["TAKE"]), note=text["NOTE"])


def read_recorder_slate(wav: WavFile) -> Slate:
    """The file's recorder slate; an empty one when it has no iXML or one that cannot be read (a slate
    only labels the take, so a broken one must not stop the take from coming in)."""
    chunk = wav.find("iXML")
    if chunk is None:
        return Slate()
    try:
        return recorder_slate(read_chunk(wav, chunk))
    except (WavError, OSError):
        return Slate()


def record_in_ixml(payload: bytes) -> str | None:
    """The record JSON text in our block, or None when the iXML has no block of ours."""
    root = parse_xml(payload, "iXML chunk")
    node = root.find(f"{BLOCK}/{RECORD_ELEMENT}")
    return None if node is None else (node.text or "")


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, tag)
    node.text = text
    return node
