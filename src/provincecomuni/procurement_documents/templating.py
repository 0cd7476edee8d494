"""DOCX templates filled with a tender dossier's data (docxtpl: python-docx + Jinja2).

A template is an ordinary Word document with Jinja2 tags (``{{ gara.oggetto }}``,
``{%tr for lotto in lotti %}`` for the rows of a table: see the README). Every value
is text already written for an Italian reader (amounts ``12.345,67``, dates
``31/12/2026``). A value the dossier does not have yet is filled with a visible
placeholder, ``[DA COMPLETARE: RUP]``: the draft is generated anyway and the
placeholders found in it are reported as missing data.
"""

from datetime import date
from datetime import datetime
from decimal import Decimal
from docxtpl import DocxTemplate
from jinja2 import meta
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from provincecomuni import _
from provincecomuni.domain import procurement
from provincecomuni.domain import territories
from provincecomuni.domain.formatting import italian_amount
from provincecomuni.validation import FieldValueError

import io
import re
import zipfile


PLACEHOLDER = "[DA COMPLETARE: {}]"
PLACEHOLDER_RE = re.compile(r"\[DA COMPLETARE: ([^\]]+)\]")

# The names a template may use (anything else is refused at upload).
VARIABLES = (
    "ente",
    "comune",
    "gara",
    "rup",
    "lotti",
    "offerenti",
    "aggiudicatari",
    "oggi",
)


class Missing(str):
    """A value the dossier lacks: rendered as a visible placeholder."""

    def __new__(cls, label):
        return super().__new__(cls, PLACEHOLDER.format(label))


def environment():
    """A sandboxed Jinja2 environment: templates come from users."""
    from jinja2 import ChainableUndefined

    class Placeholder(ChainableUndefined):
        def __str__(self):
            return PLACEHOLDER.format(self._undefined_name or "?")

    return SandboxedEnvironment(undefined=Placeholder, autoescape=True)


# Validation at upload


def _error(message):
    return FieldValueError(message)


def check_template(data):
    """Refuse what is not a DOCX template we can fill; the message says what is wrong."""
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        raise _error(
            _(
                "error_template_not_docx",
                default="Template file: it is not a Word document (.docx).",
            )
        )
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
        sources = [template.patch_xml(template.get_xml())]
        for part in _header_footer_parts(template):
            sources.append(template.patch_xml(template.get_part_xml(part)))
    except Exception as failure:  # noqa: BLE001 - any broken package is refused
        raise _error(
            _(
                "error_template_unreadable",
                default="Template file: the Word document cannot be read (${problem}).",
                mapping={"problem": str(failure)[:200]},
            )
        ) from failure
    env = environment()
    for source in sources:
        try:
            parsed = env.parse(source)
            env.compile(parsed)  # unknown filters and tests are found here
        except TemplateSyntaxError as failure:
            raise _error(
                _(
                    "error_template_syntax",
                    default="Template file: Jinja syntax error: ${problem} (near: ${near}).",
                    mapping={"problem": failure.message, "near": _near(source, failure.lineno)},
                )
            ) from failure
        unknown = sorted(meta.find_undeclared_variables(parsed) - set(VARIABLES))
        if unknown:
            raise _error(
                _(
                    "error_template_variables",
                    default="Template file: unknown names ${names}; a template may use: ${known}.",
                    mapping={"names": ", ".join(unknown), "known": ", ".join(VARIABLES)},
                )
            )
    return True


def _header_footer_parts(template):
    document = template.docx
    for relation in document.part.rels.values():
        if relation.reltype.endswith(("/header", "/footer")):
            yield relation.target_part


def _near(source, lineno):
    lines = source.splitlines() or [""]
    line = lines[min(max(lineno or 1, 1), len(lines)) - 1]
    text = re.sub(r"<[^>]+>", "", line)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:120] or "?"


# The dossier's data


def _date(value):
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y ore %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return None


def _or_missing(value, label):
    if value is None or value == "" or value == []:
        return Missing(label)
    return value


def _amount(value, label=None):
    if value is None:
        return Missing(label) if label else ""
    return italian_amount(Decimal(str(value)))


def _code_label(name, code):
    for item in procurement.anac_codes(name):
        if item.code == code:
            return item.label_it
    return code


def _cpv(code):
    if not code:
        return None
    cpv = procurement.cpv_codes().get(code)
    return f"{code} - {cpv.label_it}" if cpv is not None else code


def _fullname(userid):
    if not userid:
        return None
    from plone import api

    user = api.user.get(userid=userid)
    return ((user.getProperty("fullname") if user is not None else "") or userid).strip()


def ente_of(dossier):
    from provincecomuni.records.record import community_of

    community = community_of(dossier)
    istat = getattr(community, "istat_code", None)
    province = territories.province(istat) if istat else None
    if province is not None:
        return {"nome": f"Provincia di {province.name}", "sigla": province.sigla}
    title = community.Title() if community is not None else ""
    return {"nome": title, "sigla": ""}


CONTRACT_OBJECTS = {"lavori": "Lavori", "servizi": "Servizi", "forniture": "Forniture"}
AWARD_CRITERIA = {
    "ratedCriteria": "Offerta economicamente più vantaggiosa",
    "priceOnly": "Minor prezzo",
}


def dossier_context(dossier, today=None):
    """The values a template can use, as Italian text; missing ones are placeholders."""
    comune = territories.comune(getattr(dossier, "commissioning_comune", None) or "")
    lots = list(getattr(dossier, "lots", None) or [])
    bidders = list(getattr(dossier, "bidders", None) or [])
    gara = {
        "oggetto": dossier.Title(),
        "descrizione": dossier.Description() or "",
        "tipo_contratto": CONTRACT_OBJECTS.get(dossier.contract_object, dossier.contract_object),
        "procedura": _or_missing(
            _code_label("sceltaContraente", dossier.procedure) if dossier.procedure else None,
            "procedura",
        ),
        "criterio": _or_missing(AWARD_CRITERIA.get(dossier.award_criterion), "criterio"),
        "cpv": _or_missing(_cpv(dossier.main_cpv), "CPV"),
        "cpv_secondari": ", ".join(_cpv(c) for c in dossier.secondary_cpvs or ()),
        "cup": ", ".join(dossier.cups or ()) or "non previsto",
        "cig": ", ".join(lot.get("cig") or "" for lot in lots),
        "importo_totale": _amount(dossier.total_amount, "importo totale"),
        "oneri_sicurezza": _amount(dossier.safety_costs or Decimal("0")),
        "opzioni": _amount(dossier.options_amount or Decimal("0")),
        "data_determina": _or_missing(_date(dossier.decision_date), "data della determina"),
        "data_pubblicazione": _or_missing(_date(dossier.publication_date), "data di pubblicazione"),
        "scadenza_offerte": _or_missing(_date(dossier.offer_deadline), "scadenza delle offerte"),
        "seduta_apertura": _or_missing(_date(dossier.opening_session), "seduta di apertura"),
        "data_aggiudicazione": _or_missing(_date(dossier.award_date), "data di aggiudicazione"),
        "data_contratto": _or_missing(_date(dossier.contract_date), "data del contratto"),
        "piattaforma": _or_missing(dossier.platform, "piattaforma"),
        "riferimento_piattaforma": _or_missing(
            dossier.platform_reference, "riferimento sulla piattaforma"
        ),
    }
    lotti = []
    for number, lot in enumerate(lots, start=1):
        lot_bidders = [b for b in bidders if str(b.get("lot")) == str(number)]
        awardee = next((b for b in lot_bidders if b.get("awardee")), None)
        lotti.append(
            {
                "numero": number,
                "cig": _or_missing(lot.get("cig"), f"CIG del lotto {number}"),
                "oggetto": lot.get("subject") or "",
                "importo": _amount(lot.get("amount"), f"importo del lotto {number}"),
                "cpv": _cpv(lot.get("cpv")) or gara["cpv"],
                "stato": _code_label("statoLotto", lot.get("status")) if lot.get("status") else "",
                "offerte": len(lot_bidders),
                "aggiudicatario": awardee["name"]
                if awardee
                else Missing(f"aggiudicatario del lotto {number}"),
            }
        )
    offerenti = [
        {
            "lotto": b.get("lot") or "",
            "nome": b.get("name") or "",
            "codice_fiscale": b.get("tax_code") or "",
            "ruolo": _code_label("tipoRuolo", b["group_role"]) if b.get("group_role") else "",
            "raggruppamento": b.get("group_name") or "",
            "aggiudicatario": "Sì" if b.get("awardee") else "No",
            "offerta": _amount(b.get("offer_amount")),
        }
        for b in bidders
    ]
    aggiudicatari = []
    for lotto in lotti:
        awardee = next(
            (b for b in bidders if str(b.get("lot")) == str(lotto["numero"]) and b.get("awardee")),
            None,
        )
        aggiudicatari.append(
            {
                "lotto": lotto["numero"],
                "cig": lotto["cig"],
                "oggetto": lotto["oggetto"],
                "nome": lotto["aggiudicatario"],
                "codice_fiscale": (awardee or {}).get("tax_code")
                or Missing(f"codice fiscale dell'aggiudicatario del lotto {lotto['numero']}"),
                "importo": _amount(
                    (awardee or {}).get("offer_amount"),
                    f"importo di aggiudicazione del lotto {lotto['numero']}",
                ),
            }
        )
    return {
        "ente": ente_of(dossier),
        "comune": {"nome": _or_missing(comune.name if comune else None, "Comune")},
        "gara": gara,
        "rup": {"nome": _or_missing(_fullname(getattr(dossier, "rup", None)), "RUP")},
        "lotti": lotti,
        "offerenti": offerenti,
        "aggiudicatari": aggiudicatari,
        "oggi": _date(today or date.today()),
    }


class RenderError(ValueError):
    """The template could not be filled (an error that shows only with the data)."""


def render_docx(template_bytes, context):
    """Fill the template; return (DOCX bytes, the labels of the placeholders left in it)."""
    template = DocxTemplate(io.BytesIO(template_bytes))
    try:
        template.render(context, jinja_env=environment(), autoescape=True)
    except Exception as failure:  # noqa: BLE001 - any error of a user's template
        raise RenderError(str(failure)[:300] or failure.__class__.__name__) from failure
    out = io.BytesIO()
    template.save(out)
    data = out.getvalue()
    return data, missing_in(data)


def missing_in(docx_bytes):
    """The labels of the ``[DA COMPLETARE: ...]`` placeholders in a DOCX, in order, once each."""
    from docx import Document

    document = Document(io.BytesIO(docx_bytes))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    found = []
    for text in texts:
        for label in PLACEHOLDER_RE.findall(text):
            if label not in found:
                found.append(label)
    return found
