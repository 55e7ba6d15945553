"""The job description as a Word document and as a PDF: the role's title and the sections of
`selectors.job_description`, nothing more than the profile page shows."""

from __future__ import annotations

import io

import docx
from fpdf import FPDF

from workforce_hub.core.text import latin1

from .models import RoleProfile
from .selectors import job_description

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _title(profile: RoleProfile) -> str:
    return f"Job description: {profile.title}"


def as_docx(profile: RoleProfile) -> bytes:
    document = docx.Document()
    document.core_properties.title = _title(profile)
    document.core_properties.author = ""
    document.add_heading(_title(profile), level=1)
    document.add_paragraph(f"Version {profile.version}" + ("" if profile.published_at else " (draft)"))
    for heading, lines in job_description(profile):
        document.add_heading(heading, level=2)
        if len(lines) == 1:
            document.add_paragraph(lines[0])
        else:
            for line in lines:
                document.add_paragraph(line, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_pdf(profile: RoleProfile) -> bytes:
    pdf = FPDF()
    pdf.set_title(latin1(_title(profile)))
    pdf.set_author("")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.multi_cell(0, 8, latin1(_title(profile)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(
        0, 6, f"Version {profile.version}" + ("" if profile.published_at else " (draft)"), new_x="LMARGIN", new_y="NEXT"
    )
    for heading, lines in job_description(profile):
        pdf.ln(3)
        pdf.set_font("helvetica", "B", 12)
        pdf.multi_cell(0, 7, latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        for line in lines:
            pdf.multi_cell(0, 5.5, latin1(("- " if len(lines) > 1 else "") + line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
