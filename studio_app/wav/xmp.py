"""The `_PMX` XMP packet: PLUS DataMining, rights texts in English and Chinese, and the full record in
our own namespace. Foreign XMP properties of an existing packet are kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from studio_app.core.ai_signals import DMI_SEE_CONSTRAINT, PLUS_VOCAB, data_mining_code
from studio_app.core.record import SCHEMA_VERSION, ConsentRecord
from studio_app.wav.errors import WavError
from studio_app.wav.mapping import other_constraints, usage_terms_en, usage_terms_zh
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


def build_xmp(record: ConsentRecord, on: date, existing: bytes | None = None) -> bytes:
    """The packet: foreign descriptions of `existing` (minus the properties we own), then ours."""
    rdf = ET.Element(_q("rdf:RDF"))
    if existing is not None:
        for description in _foreign_descriptions(existing):
            rdf.append(description)
    rdf.append(_our_description(record, on))
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


def _our_description(record: ConsentRecord, on: date) -> ET.Element:
    code = data_mining_code(record, on)
    description = ET.Element(_q("rdf:Description"), {_q("rdf:about"): ""})
    _text(description, "plus:DataMining", PLUS_VOCAB + code)
    if code == DMI_SEE_CONSTRAINT:
        _alt(description, "plus:OtherConstraints", {"x-default": other_constraints(record, on)})
    _text(description, "xmpRights:Marked", "True")
    en, zh = usage_terms_en(record, on), usage_terms_zh(record, on)
    _alt(description, "xmpRights:UsageTerms", {"x-default": en, "en": en, "zh-CN": zh})
    _alt(description, "dc:rights", {"x-default": en, "en": en, "zh-CN": zh})
    _text(description, "cslate:RecordVersion", str(SCHEMA_VERSION))
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
