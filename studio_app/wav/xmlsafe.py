"""XML read from files goes through defusedxml: no entity expansion, no external references."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from studio_app.wav.errors import WavError


def parse_xml(payload: bytes, what: str) -> ET.Element:
    """The root element of a chunk's XML; hostile or broken XML is a WavError, never a hang."""
    text = payload.rstrip(b"\0 \t\r\n")
    try:
        return SafeET.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise WavError(None, f"{what} refused: it declares entities or external references ({exc})") from None
    except (ET.ParseError, LookupError, ValueError) as exc:
        raise WavError(None, f"{what} is not well-formed XML ({exc})") from None
