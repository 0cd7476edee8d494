"""A PDF rendering of a filled DOCX, with fpdf2 (pure Python, already a dependency).

Not a layout engine: it reads the filled document with python-docx and writes the
same content in the same order on A4 pages: the header and footer text, headings,
paragraphs (bold and centred where the document says so) and tables with their
header row. Fonts, sizes, spacing, images and page breaks of the template are not
reproduced. The official, editable document is the DOCX; the PDF is a faithful
reading copy of its text. (A pixel-faithful PDF needs LibreOffice, which this
project does not install.)
"""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from fpdf.enums import XPos
from fpdf.enums import YPos

import io


ENCODING = "windows-1252"  # the core fonts' encoding: Italian letters and the euro sign


def _text(value):
    """Text the core fonts can draw (anything outside windows-1252 becomes '?')."""
    value = value.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return value.encode(ENCODING, "replace").decode(ENCODING)


class _PDF(FPDF):
    header_text = ""
    footer_text = ""

    def header(self):
        if self.header_text:
            self.set_font("Helvetica", "I", 9)
            self.cell(0, 6, _text(self.header_text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(4)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        text = f"{self.footer_text} - pag. {self.page_no()}/{{nb}}" if self.footer_text else ""
        self.cell(0, 8, _text(text or f"pag. {self.page_no()}/{{nb}}"), align="C")


def _is_bold(paragraph):
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _paragraph(pdf, paragraph):
    text = paragraph.text.strip()
    if not text:
        pdf.ln(3)
        return
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    if style.startswith(("Heading", "Title")):
        pdf.set_font("Helvetica", "B", 15 if style in ("Title", "Heading 1") else 13)
        pdf.multi_cell(0, 8, _text(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
        return
    pdf.set_font("Helvetica", "B" if _is_bold(paragraph) else "", 11)
    align = "C" if paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER else "J"
    pdf.multi_cell(0, 5.5, _text(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _table(pdf, table):
    rows = [[_text(cell.text.strip()) for cell in row.cells] for row in table.rows]
    if not rows:
        return
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(first_row_as_headings=True, line_height=5) as grid:
        for values in rows:
            row = grid.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)


def docx_to_pdf(docx_bytes, title=""):
    """The PDF bytes of a DOCX document's content."""
    document = Document(io.BytesIO(docx_bytes))
    pdf = _PDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(_text(title))
    pdf.set_creator("Province & Comuni")
    section = document.sections[0]
    pdf.header_text = " ".join(p.text for p in section.header.paragraphs).strip()
    pdf.footer_text = " ".join(p.text for p in section.footer.paragraphs).strip()
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            _paragraph(pdf, Paragraph(child, document))
        elif tag == "tbl":
            _table(pdf, Table(child, document))
    return bytes(pdf.output())
