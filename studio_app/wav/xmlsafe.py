"""XML read from files goes through defusedxml: no entity expansion, no external references, and no
more XML than a metadata chunk ever holds (parsing time grows with the number of elements: 30 million
empty elements in a 120 MiB iXML took minutes and 3 GB)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from studio_app.wav.errors import WavError

MAX_XML_BYTES = 16 << 20
MAX_XML_TAGS = 200_000  # real iXML and XMP hold hundreds to a few thousand elements
MAX_XML_DEPTH = 100  # real ones nest under 20 deep; ElementTree writes recursively


def parse_xml(payload: bytes, what: str) -> ET.Element:
    """The root element of a chunk's XML; hostile or broken XML is a WavError, never a hang."""
    text = payload.rstrip(b"\0 \t\r\n")
    tags = text.count(b"<")
    if len(text) > MAX_XML_BYTES or tags > MAX_XML_TAGS:
        raise WavError(
            None,
            f"{what} refused: {len(text)} bytes, {tags} tags; more than "
            f"{MAX_XML_BYTES >> 20} MiB or {MAX_XML_TAGS} tags is not metadata",
        )
    try:
        root = SafeET.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise WavError(None, f"{what} refused: it declares entities or external references ({exc})") from None
    except (ET.ParseError, LookupError, ValueError) as exc:
        raise WavError(None, f"{what} is not well-formed XML ({exc})") from None
    if _depth(root) > MAX_XML_DEPTH:
        raise WavError(None, f"{what} refused: elements nested more than {MAX_XML_DEPTH} deep")
    return root


def _depth(root: ET.Element) -> int:
    """How deep the elements nest, counted without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest
