"""certificate.pdf: the human-readable proof that travels with a delivery.

Who delivered what to whom and for which purpose, each take's permission per AI use, the actors' own
confirmations with their drawn signatures, the signing certificate's fingerprint and how to check it
all. Drawn with QtGui only (QTextDocument into QPdfWriter), so it runs headless in the CLI and tests.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QRawFont,
    QTextDocument,
)

from studio_app.core.model import ActorConfirmation, Point
from studio_app.core.record import ConsentRecord
from studio_app.core.scopes import ALL_SCOPES, Permission, Purpose
from studio_app.proof.credentials import CredentialSigner
from studio_app.proof.identity import StudioIdentity, load_or_create_identity
from studio_app.proof.manifest_signature import sign_manifest
from studio_app.services.export_types import ExportOptions, ExportReport
from studio_app.services.ledger import Ledger
from studio_app.services.staging import StagingFolder, pdf_problem
from studio_app.wav.mapping import record_date

CERTIFICATE_PDF = "certificate.pdf"
ROOT_PEM = "studio-root.pem"
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK SC"]
_SIGNATURE_SIZE = (360, 120)
_APP: QGuiApplication | None = None


@dataclass(frozen=True)
class CertifiedTake:
    """One row of the takes table."""

    file_name: str
    record: ConsentRecord
    manifest_label: str | None = None


@dataclass(frozen=True)
class ConsentCertificate:
    """Everything the PDF shows, gathered by the caller (export) so rendering needs no ledger."""

    delivery_id: str
    issued_at: str
    studio: str
    session_title: str
    session_id: str
    recipient: str
    purpose: Purpose
    takes: tuple[CertifiedTake, ...]
    confirmations: tuple[tuple[str, ActorConfirmation], ...]
    identity: StudioIdentity


def with_studio_proof(options: ExportOptions, ledger: Ledger, session_id: str) -> ExportOptions:
    """Export options that sign every take with the studio identity (made on the first export), add
    certificate.pdf and studio-root.pem to the delivery, after any files the caller adds, and sign its
    manifest.json (a detached CMS signature, manifest.json.p7s)."""
    session = ledger.session(session_id)
    identity = load_or_create_identity(session.studio or "Consent Slate studio")
    previous = options.delivery_files

    def delivery_files(staging: StagingFolder, report: ExportReport) -> Sequence[Path]:
        extra = tuple(previous(staging, report)) if previous is not None else ()
        return (*extra, *write_delivery_proof(ledger, report, identity, staging))

    signer = CredentialSigner(identity, options.tsa_url)
    return replace(
        options,
        signer=signer,
        delivery_files=delivery_files,
        manifest_signer=lambda manifest: sign_manifest(identity, manifest),
    )


def write_delivery_proof(
    ledger: Ledger, report: ExportReport, identity: StudioIdentity, staging: StagingFolder
) -> tuple[Path, ...]:
    """certificate.pdf (checked to parse as it reads back from the disk) and studio-root.pem, staged under
    free names; their paths in the destination."""
    pdf = certificate_pdf(certificate_for(ledger, report, identity))
    certificate = staging.write(CERTIFICATE_PDF, pdf, pdf_problem)
    root = staging.write(ROOT_PEM, identity.root_pem)
    return certificate, root


def certificate_for(ledger: Ledger, report: ExportReport, identity: StudioIdentity) -> ConsentCertificate:
    """The certificate's content for an export: the ledger gives the session and the confirmations."""
    session = ledger.session(ledger.take(report.takes[0].take_id).session_id)
    confirmations: dict[str, tuple[str, ActorConfirmation]] = {}
    for take in report.takes:
        for actor in take.record.actors:
            for decision in actor.decisions:
                cid = decision.confirmation_id
                if cid and cid not in confirmations:
                    confirmations[cid] = (actor.name, ledger.confirmation(cid))
    return ConsentCertificate(
        delivery_id=report.delivery_id,
        issued_at=ledger.now(),
        studio=session.studio,
        session_title=session.title,
        session_id=session.id,
        recipient=report.recipient,
        purpose=report.purpose,
        takes=tuple(CertifiedTake(t.file_name, t.record, t.manifest_label) for t in report.takes),
        confirmations=tuple(confirmations.values()),
        identity=identity,
    )


def certificate_pdf(certificate: ConsentCertificate) -> bytes:
    """The PDF, rendered in memory: the caller writes it like any other file of the delivery, so a full
    disk is an error it sees, never a PDF cut short that the PDF writer did not report."""
    _ensure_gui_application()
    document = QTextDocument()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(9.5)
    document.setDefaultFont(font)
    for index, (_, confirmation) in enumerate(certificate.confirmations):
        document.addResource(
            QTextDocument.ResourceType.ImageResource.value,
            QUrl(f"signature-{index}.png"),
            signature_image(confirmation.strokes),
        )
    document.setHtml(_html(certificate))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"Consent certificate {certificate.delivery_id}")
    writer.setCreator("Consent Slate")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15)
        )
    )
    writer.setResolution(300)
    document.print_(writer)
    del writer  # the PDF is finished when the writer goes
    pdf = bytes(buffer.data())
    return unified_text_layer(pdf, radical_ideographs(document.toPlainText()))


_TO_UNICODE = re.compile(
    rb"(?P<head>\d+ 0 obj\s*<<\s*/Length )(?P<length>\d+)(?P<mid>\s*>>\s*stream\r?\n)"
    rb"(?P<body>/CIDInit.*?endcmap.*?)(?=endstream)",
    re.DOTALL,
)
_RANGE = re.compile(rb"<([0-9A-F]+)>\s*<([0-9A-F]+)>\s*(\[[^\]]*\]|<[0-9A-F]+>)")
_CHAR = re.compile(rb"<([0-9A-F]+)>\s*<([0-9A-F]+)>")
_HEX = re.compile(rb"<([0-9A-F]+)>")
_SECTION = re.compile(rb"\d+ beginbf(range|char)(.*?)endbf(?:range|char)\s*", re.DOTALL)
_XREF_ENTRY = re.compile(rb"^(\d{10}) (\d{5}) n", re.MULTILINE)


def radical_ideographs(text: str) -> dict[int, int]:
    """For each CJK radical (U+2E80-U+2FDF) that the CJK font draws with the glyph of an ideograph in
    `text`, that ideograph: Noto Sans CJK draws 工 (U+5DE5) and ⼯ (U+2F2F) with one glyph."""
    raw = QRawFont.fromFont(QFont(FONT_FAMILIES[-1]))

    def glyph(char: str) -> int:
        return raw.glyphIndexesForString(char)[0]  # 0: the font has no glyph for it

    ideographs = (c for c in set(text) if ord(c) <= 0xFFFF and not 0x2E80 <= ord(c) <= 0x2FDF)
    by_glyph = {glyph(c): ord(c) for c in ideographs}
    by_glyph.pop(0, None)
    return {r: by_glyph[g] for r in range(0x2E80, 0x2FE0) if (g := glyph(chr(r))) in by_glyph}


def unified_text_layer(pdf: bytes, radicals: dict[int, int]) -> bytes:
    """The PDF with its ToUnicode maps naming the ideographs of `radicals` instead of the radicals.

    Qt's PDF writer names a glyph by the lowest code point the font maps to it, so text drawn as 工
    came out of pdftotext (and copy-paste) as the Kangxi radical ⼯, and "录音" could not be found.
    Each map that names a radical is written again (one bfchar per glyph), its stream length and the
    offsets of the cross-reference table moved by the difference.
    """
    edits: list[tuple[int, int, bytes]] = []
    for match in _TO_UNICODE.finditer(pdf):
        mapping = _cmap_entries(match["body"])
        if not any(int(unit, 16) in radicals for units in mapping.values() for unit in _units(units)):
            continue
        fixed = {code: b"".join(b"%04X" % radicals.get(int(u, 16), int(u, 16)) for u in _units(units))
                 for code, units in mapping.items()}
        body = _SECTION.sub(b"", match["body"])
        chars = b"".join(
            b"%d beginbfchar\n" % len(chunk)
            + b"".join(b"<%s> <%s>\n" % item for item in chunk)
            + b"endbfchar\n"
            for chunk in _chunks(sorted(fixed.items()), 100)
        )
        body = body.replace(b"endcmap", chars + b"endcmap", 1)
        stream = match["head"] + b"%d" % len(body) + match["mid"] + body
        edits.append((match.start(), match.end(), stream))
    if not edits:
        return pdf
    out, shifts, position = [], [], 0
    for start, end, replacement in edits:
        out += [pdf[position:start], replacement]
        shifts.append((end, len(replacement) - (end - start)))
        position = end
    out.append(pdf[position:])
    result = b"".join(out)

    def moved(offset: int) -> int:
        return offset + sum(delta for end, delta in shifts if offset >= end)

    xref_at = result.rindex(b"startxref")
    table_at = moved(int(result[xref_at + len(b"startxref") :].split()[0]))
    table = _XREF_ENTRY.sub(lambda m: b"%010d %s n" % (moved(int(m[1])), m[2]), result[table_at:xref_at])
    tail = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % table_at, result[xref_at:], count=1)
    return result[:table_at] + table + tail


def _cmap_entries(body: bytes) -> dict[bytes, bytes]:
    """code -> destination (hex UTF-16) of every bfrange and bfchar of a ToUnicode CMap."""
    entries: dict[bytes, bytes] = {}
    for kind, section in ((m[1], m[2]) for m in _SECTION.finditer(body)):
        if kind == b"char":
            entries.update((src, dst) for src, dst in _CHAR.findall(section))
            continue
        for first, last, dst in _RANGE.findall(section):
            codes = range(int(first, 16), int(last, 16) + 1)
            width = len(first)
            if dst.startswith(b"["):
                targets = _HEX.findall(dst)
            else:
                base = dst.strip(b"<>")
                targets = [b"%0*X" % (len(base), int(base, 16) + i) for i in range(len(codes))]
            entries.update(
                (b"%0*X" % (width, code), target) for code, target in zip(codes, targets, strict=True)
            )
    return entries


def _units(hex_text: bytes) -> list[bytes]:
    return [hex_text[i : i + 4] for i in range(0, len(hex_text), 4)]


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def signature_image(strokes: Sequence[Sequence[Point]]) -> QImage:
    """The drawn signature redrawn from its strokes, scaled to fit a fixed box, dark ink on white."""
    width, height = _SIGNATURE_SIZE
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    points = [p for stroke in strokes for p in stroke]
    if not points:
        return image
    left, top = min(p[0] for p in points), min(p[1] for p in points)
    span_x = max(max(p[0] for p in points) - left, 1.0)
    span_y = max(max(p[1] for p in points) - top, 1.0)
    scale = min((width - 20) / span_x, (height - 20) / span_y)

    def place(p: Point) -> QPointF:
        return QPointF(10 + (p[0] - left) * scale, 10 + (p[1] - top) * scale)

    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#1a237e"), 2.5))
    for stroke in strokes:
        if not stroke:
            continue
        path = QPainterPath(place(stroke[0]))
        for point in stroke[1:]:
            path.lineTo(place(point))
        if len(stroke) == 1:
            path.lineTo(place(stroke[0]) + QPointF(0.5, 0.5))
        painter.drawPath(path)
    painter.end()
    return image


def _ensure_gui_application() -> None:
    """QPdfWriter needs a QGuiApplication; without a display (CLI, CI) it runs on the offscreen platform."""
    if QGuiApplication.instance() is not None:
        return
    desktop = sys.platform in ("win32", "darwin")
    if not (desktop or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _APP
    _APP = QGuiApplication(["consent-slate"])


def _html(c: ConsentCertificate) -> str:
    e = html.escape
    scope_heads = "".join(f"<th>{e(s.label_zh)}<br/>{e(s.label_en)}</th>" for s in ALL_SCOPES)
    rows = []
    for take in c.takes:
        effective = take.record.effective(record_date(take.record))
        cells = "".join(f"<td>{_permission(effective[s])}</td>" for s in ALL_SCOPES)
        actors = ", ".join(e(a.name) for a in take.record.actors)
        label = f"<br/><small>C2PA {e(take.manifest_label)}</small>" if take.manifest_label else ""
        rows.append(
            f"<tr><td>{e(take.file_name)}<br/><small>{e(take.record.take_label)}</small>{label}</td>"
            f"<td>{actors}</td>{cells}</tr>"
        )
    conditions = [
        f"<li>{e(t.file_name)}: {e(line)}</li>"
        for t in c.takes
        for line in t.record.conditions_text().splitlines()
    ]
    confirmations = "".join(
        "<tr>"
        f"<td>{e(name)}<br/><small>typed: {e(conf.typed_name)}</small></td>"
        f"<td>{e(conf.confirmed_at)}</td>"
        f"<td>{e(conf.terms_version)}<br/><small>SHA-256 {e(conf.terms_sha256[:16])}…</small></td>"
        f'<td><img src="signature-{index}.png" width="180" height="60"/></td>'
        "</tr>"
        for index, (name, conf) in enumerate(c.confirmations)
    )
    identity = c.identity
    purpose = c.purpose.value.replace("_", " ")
    return f"""
<h2>授权同意证明 · Consent certificate</h2>
<table cellpadding="3">
<tr><td><b>工作室 Studio</b></td><td>{e(c.studio)}</td></tr>
<tr><td><b>录音 Session</b></td><td>{e(c.session_title)} <small>({e(c.session_id)})</small></td></tr>
<tr><td><b>接收方 Recipient</b></td><td>{e(c.recipient) or "—"}</td></tr>
<tr><td><b>用途 Purpose</b></td><td>{e(purpose)}</td></tr>
<tr><td><b>交付 Delivery</b></td><td>{e(c.delivery_id)}, {e(c.issued_at)}</td></tr>
</table>
<h3>录音与 AI 使用许可 · Takes and AI-use permissions</h3>
<table border="1" cellspacing="0" cellpadding="4" width="100%">
<tr><th>文件 File</th><th>演员 Actors</th>{scope_heads}</tr>
{"".join(rows)}
</table>
{"<h3>条件 · Conditions</h3><ul>" + "".join(conditions) + "</ul>" if conditions else ""}
<h3>演员确认 · Actors' confirmations</h3>
{f'<table border="1" cellspacing="0" cellpadding="4" width="100%"><tr><th>演员 Actor</th>'
 f'<th>时间 Time</th><th>条款 Terms</th><th>签名 Signature</th></tr>{confirmations}</table>'
 if confirmations else "<p>No permission was granted: every AI use stays not authorized. "
 "未授予任何许可：所有 AI 使用均未授权。</p>"}
<h3>签名证书 · Signing certificate</h3>
<p>{e(identity.subject)}<br/>
SHA-256 <tt>{e(identity.signing_fingerprint)}</tt><br/>
Root 根证书 ({ROOT_PEM}) SHA-256 <tt>{e(identity.root_fingerprint)}</tt></p>
<h3>如何验证 · How to verify</h3>
<p>Every WAV carries this decision inside it, signed as Content Credentials (C2PA) and bound to its
exact audio samples. Check a file, offline:<br/>
<tt>consent-slate verify --trust {ROOT_PEM} --require ai_training *.wav</tt><br/>
Any C2PA validator (e.g. c2patool, contentcredentials.org/verify) shows the same signed record
under <tt>org.consentslate.consent-record</tt>; exiftool shows <tt>XMP-plus:DataMining</tt>.
Compare the root fingerprint above with the one you were given by the studio before trusting it.<br/>
每个 WAV 文件内含此授权记录，并以 C2PA 内容凭证签名、与音频样本绑定。可离线验证（见上方命令）。
凡未明确授权的 AI 使用，一律视为未授权。</p>
"""


def _permission(value: Permission) -> str:
    return f"{html.escape(value.label_zh)}<br/>{html.escape(value.label_en)}"
