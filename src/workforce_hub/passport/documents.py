"""A credential as a printable PDF: what the credential itself says, and a QR code to its verification page."""

from __future__ import annotations

import io

import qrcode
from fpdf import FPDF

from workforce_hub.core.text import latin1

from . import signing
from .models import Credential


def verify_url(credential: Credential) -> str:
    return signing.absolute(credential.get_absolute_url())


def as_pdf(credential: Credential, holder_name: str) -> bytes:
    url = verify_url(credential)
    pdf = FPDF()
    pdf.set_title(latin1(credential.name))
    pdf.set_author("")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.multi_cell(0, 9, latin1(credential.name), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("helvetica", size=11)
    rows = [
        ("Awarded to", holder_name),
        ("Issued by", credential.issuer.name),
        ("Awarded on", f"{credential.awarded_on:%d %B %Y}"),
        ("In date until", f"{credential.valid_until:%d %B %Y}" if credential.valid_until else "Does not expire"),
        ("What it shows", credential.description),
        ("How it was earned", credential.criteria),
    ]
    for label, value in rows:
        pdf.set_font("helvetica", "B", 11)
        pdf.multi_cell(0, 6, latin1(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, latin1(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    image = qrcode.make(url, box_size=6, border=2).get_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf.ln(3)
    pdf.image(buffer, w=45)
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(
        0,
        5,
        latin1(f"Scan the code, or go to {url}, to check that it is genuine and has not been revoked."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
