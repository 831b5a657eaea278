"""QR codes (segno) and Code 128 barcodes (python-barcode) for generated documents (decision 0006).

The PDF renderer draws them as SVG (vectors, sharp at any print size); the DOCX renderer, which cannot embed SVG,
as PNG. Neither picture carries text: what a person reads (the code, the address) is printed by the document in
its own font, so the PDF still embeds Liberation Serif only.
"""

from __future__ import annotations

import base64
import io
import re

import segno

# Error correction "M" (15 %) at least; segno raises it when the symbol has room ("boost_error").
QR_ERROR = "m"
_XML_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.S)


def qr_svg(data: str) -> str:
    """An SVG QR code with a quiet zone of 2 modules; the caller sets its printed size."""
    out = io.BytesIO()
    segno.make(data, error=QR_ERROR).save(
        out, kind="svg", scale=1, border=2, xmldecl=False, svgns=True, nl=False, omitsize=True
    )
    return out.getvalue().decode("utf-8")


def qr_png(data: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(data, error=QR_ERROR).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def code128_svg(data: str, *, module_width_mm: float = 0.3, height_mm: float = 10.0) -> str:
    """A Code 128 barcode of ``data`` as SVG, without its human-readable line (the document prints it)."""
    from barcode import Code128
    from barcode.writer import SVGWriter

    out = io.BytesIO()
    Code128(data, writer=SVGWriter()).write(
        out,
        options={
            "write_text": False,
            "module_width": module_width_mm,
            "module_height": height_mm,
            "quiet_zone": 2.0,
            "background": "white",
            "foreground": "black",
        },
    )
    # The writer's prologue names an external DTD; nothing needs it.
    return _XML_PROLOGUE.sub("", out.getvalue().decode("utf-8"), count=1)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
