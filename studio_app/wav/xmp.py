"""The `_PMX` XMP packet: PLUS DataMining, rights texts in English and Chinese, and the full record in
our own namespace. Foreign XMP properties of an existing packet are kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from studio_app.core.ai_signals import DMI_SEE_CONSTRAINT, PLUS_VOCAB, data_mining_code
from studio_app.core.record import ConsentRecord
from studio_app.wav.errors import WavError
from studio_app.wav.mapping import other_constraints, usage_terms_en, usage_terms_zh, with_ours
from studio_app.wav.xmlsafe import parse_xml

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "cslate": "http://ns.consent-slate.app/xmp/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "xmpDM": "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PACKET_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
PACKET_END = '\n<?xpacket end="w"?>'
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


OUR_PROPERTIES = frozenset(
    _q(n) for n in (
        "plus:DataMining", "plus:OtherConstraints", "xmpRights:UsageTerms", "xmpRights:Marked", "dc:rights",
    )
)


KEPT_RIGHTS = ("dc:rights", "xmpRights:UsageTerms")
"""Rights texts a packet may already carry: each keeps its text, ours follows as the last paragraph."""


def build_xmp(record: ConsentRecord, on: date, existing: bytes | None = None) -> bytes:
    """The packet: foreign descriptions of `existing` (minus the properties we own), then ours."""
    rdf = ET.Element(_q("rdf:RDF"))
    theirs: dict[str, dict[str, str]] = {}
    if existing is not None:
        theirs = rights_texts(existing)
        for description in _foreign_descriptions(existing):
            rdf.append(description)
    rdf.append(_our_description(record, on, theirs))
    meta = ET.Element(_q("x:xmpmeta"))
    meta.append(rdf)
    ET.indent(meta, space=" ")
    return (PACKET_BEGIN + ET.tostring(meta, encoding="unicode") + PACKET_END).encode("utf-8")


def read_xmp(payload: bytes) -> tuple[str | None, str | None]:
    """(DataMining code without the vocabulary prefix, our record JSON) found in a packet."""
    root = parse_xml(payload, "XMP packet")
    return _property(root, "plus:DataMining", PLUS_VOCAB), _property(root, "cslate:ConsentRecord")


def _property(root: ET.Element, name: str, strip: str = "") -> str | None:
    for description in root.iter(_q("rdf:Description")):
        value = description.get(_q(name))
        node = description.find(_q(name))
        if node is not None:
            value = node.text or ""
        if value is not None:
            return value.strip().removeprefix(strip)
    return None


def rights_texts(payload: bytes) -> dict[str, dict[str, str]]:
    """dc:rights and xmpRights:UsageTerms of a packet: per property, its text per language (a simple
    value counts as x-default)."""
    root = parse_xml(payload, "XMP packet")
    found: dict[str, dict[str, str]] = {}
    for name in KEPT_RIGHTS:
        for description in root.iter(_q("rdf:Description")):
            if description.get(_q(name)) is not None:
                found.setdefault(name, {})["x-default"] = description.get(_q(name)) or ""
            node = description.find(_q(name))
            if node is None:
                continue
            items = node.findall(f"{_q('rdf:Alt')}/{_q('rdf:li')}")
            if not items:
                found.setdefault(name, {})["x-default"] = node.text or ""
            for item in items:
                found.setdefault(name, {})[item.get(XML_LANG, "x-default")] = item.text or ""
    return found


def _our_description(
    record: ConsentRecord, on: date, theirs: dict[str, dict[str, str]] | None = None
) -> ET.Element:
    code = data_mining_code(record, on)
    description = ET.Element(_q("rdf:Description"), {_q("rdf:about"): ""})
    _text(description, "plus:DataMining", PLUS_VOCAB + code)
    if code == DMI_SEE_CONSTRAINT:
        _alt(description, "plus:OtherConstraints", {"x-default": other_constraints(record, on)})
    _text(description, "xmpRights:Marked", "True")
    en, zh = usage_terms_en(record, on), usage_terms_zh(record, on)
    ours = {"x-default": en, "en": en, "zh-CN": zh}
    for name in ("xmpRights:UsageTerms", "dc:rights"):
        kept = (theirs or {}).get(name, {})
        texts = {lang: with_ours(kept.get(lang, kept.get("x-default")), text) for lang, text in ours.items()}
        texts.update((lang, text) for lang, text in kept.items() if lang not in texts)
        _alt(description, name, texts)
    _text(description, "cslate:RecordVersion", str(record.version))
    _text(description, "cslate:TakeID", record.take_id)
    _text(description, "cslate:AudioSHA256", record.audio_sha256)
    for scope, permission in record.effective(on).items():
        name = "".join(part.capitalize() for part in scope.value.split("_"))
        _text(description, f"cslate:{name}", permission.value)
    _text(description, "cslate:ConsentRecord", record.to_json())
    return description


def _foreign_descriptions(existing: bytes) -> list[ET.Element]:
    root = parse_xml(existing, "XMP packet")
    rdf = root if root.tag == _q("rdf:RDF") else root.find(_q("rdf:RDF"))
    if rdf is None:
        raise WavError(None, "XMP packet has no rdf:RDF element")
    kept = []
    for description in rdf.findall(_q("rdf:Description")):
        description[:] = [child for child in description if not _is_ours(child.tag)]
        for attribute in list(description.attrib):
            if _is_ours(attribute):
                del description.attrib[attribute]
        if len(description) or set(description.attrib) - {_q("rdf:about")}:
            description.tail = None
            kept.append(description)
    return kept


def _is_ours(name: str) -> bool:
    """A property (element or attribute name) that our packet writes itself."""
    return name in OUR_PROPERTIES or name.startswith("{" + NS["cslate"])


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, _q(name)).text = text


def _alt(parent: ET.Element, name: str, texts: dict[str, str]) -> None:
    alt = ET.SubElement(ET.SubElement(parent, _q(name)), _q("rdf:Alt"))
    for lang, text in texts.items():
        ET.SubElement(alt, _q("rdf:li"), {XML_LANG: lang}).text = text
