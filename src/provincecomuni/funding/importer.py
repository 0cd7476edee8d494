"""Import funding calls from the EU Funding & Tenders search format and from CSV.

Two phases, so that a malformed file changes nothing: the whole file is parsed and
every row checked first (``parse_sedia``/``parse_csv`` raise ``ImportFileError`` for
a file that cannot be read as a whole); then the valid rows are written as one
upsert by identifier (``upsert``) inside a savepoint, rolled back if anything fails.
Rows that are readable but wrong are rejected one by one, with the reason.

CSV: a header row with the column names of ``CSV_COLUMNS``, separated by commas or
semicolons; lists (beneficiaries, provinces, deadlines, keywords, topics) separated
by ``|``; dates as YYYY-MM-DD or DD/MM/YYYY; amounts as 1500000.50 or 1.500.000,50.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.i18n.normalizer.interfaces import IIDNormalizer
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.funding import dates
from provincecomuni.funding.content import check_call
from provincecomuni.funding.content import IFundingCall
from provincecomuni.funding.vocabularies import BENEFICIARIES
from provincecomuni.funding.vocabularies import DEADLINE_MODELS
from provincecomuni.funding.vocabularies import MANAGEMENT
from provincecomuni.funding.vocabularies import PREFIXES_RECORD
from provincecomuni.funding.vocabularies import programmes
from provincecomuni.funding.vocabularies import registry_value
from zope.component import getUtility
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import Invalid
from zope.schema.interfaces import ValidationError

import csv
import io
import json
import transaction
import urllib.parse
import urllib.request


# The fields an import writes: what "unchanged" compares.
FIELDS = (
    "title",
    "description",
    "identifier",
    "call_identifier",
    "programme",
    "management",
    "action_type",
    "managing_body",
    "beneficiaries",
    "provinces",
    "opening_date",
    "deadline_model",
    "deadlines",
    "total_budget",
    "expected_grants",
    "min_contribution",
    "max_contribution",
    "cofinancing_rate",
    "topics",
    "subject",
    "priority",
    "procedure",
    "official_url",
)

CSV_REQUIRED = ("identifier", "title", "programme", "deadlines")
CSV_COLUMNS = (
    "identifier",
    "call_identifier",
    "title",
    "description",
    "programme",
    "management",
    "action_type",
    "managing_body",
    "beneficiaries",
    "provinces",
    "opening_date",
    "deadline_model",
    "deadlines",
    "total_budget",
    "expected_grants",
    "min_contribution",
    "max_contribution",
    "cofinancing_rate",
    "keywords",
    "topics",
    "priority",
    "procedure",
    "url",
)


class ImportFileError(Exception):
    """The file cannot be imported at all: nothing was written.

    Its first argument is an i18n message: ``translate(error.args[0], context=request)``.
    """


class RowError(Exception):
    """One row cannot be imported; the message (an i18n message) says why."""


NO_ADDRESS = _("funding_import_error_no_address", default="no import address is configured")


def _missing(name):
    return _("funding_import_error_missing", default="${field}: missing", mapping={"field": name})


def _invalid(message):
    """A rule of the call (check_call) broken: its own message, already translatable."""
    if isinstance(message, Message):
        return message
    return _("funding_import_error_invalid", default="${error}", mapping={"error": str(message)})


def translated(message, request=None):
    """A reason or file error in the request's language (English without a request)."""
    return translate(message, context=request)


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    # (row number, identifier or "", reason)
    rejected: list = field(default_factory=list)

    def as_dict(self, request=None):
        """The report as JSON, with the reasons in the language of ``request``."""
        return {
            "created": list(self.created),
            "updated": list(self.updated),
            "unchanged": list(self.unchanged),
            "rejected": [
                {"row": row, "identifier": identifier, "reason": translated(reason, request)}
                for row, identifier, reason in self.rejected
            ],
        }


# ---------------------------------------------------------------- parsing helpers


def _date(value, what):
    value = (value or "").strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise RowError(
        _(
            "funding_import_error_date",
            default="${field}: ${value} is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
            mapping={"field": what, "value": repr(value)},
        )
    )


def _sedia_date(value, what):
    """A portal timestamp (``2024-04-18T00:00:00.000+0000``) as the date in Rome."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return moment.astimezone(dates.TIMEZONE).date()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(
            _(
                "funding_import_error_timestamp",
                default="${field}: ${value} is not a date",
                mapping={"field": what, "value": repr(value)},
            )
        ) from None


def _number(value, what, kind=float):
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return kind(value)
    text = str(value).strip().replace(" ", "")
    if "," in text:  # Italian: 1.000.000,50
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise RowError(
            _(
                "funding_import_error_number",
                default="${field}: ${value} is not a number",
                mapping={"field": what, "value": repr(value)},
            )
        ) from None
    if kind is int:
        if number != int(number):
            raise RowError(
                _(
                    "funding_import_error_whole_number",
                    default="${field}: ${value} is not a whole number",
                    mapping={"field": what, "value": repr(value)},
                )
            )
        return int(number)
    return number


def _list(value, separator="|"):
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(separator) if part.strip()]


def _choice(value, allowed, what):
    value = (value or "").strip()
    if not value:
        return None
    if value not in allowed:
        raise RowError(
            _(
                "funding_import_error_choice",
                default="${field}: ${value} is not one of ${allowed}",
                mapping={
                    "field": what,
                    "value": repr(value),
                    "allowed": ", ".join(sorted(allowed)),
                },
            )
        )
    return value


def _province_codes(values):
    codes = []
    by_sigla = {p.sigla: p.istat_code for p in territories.provinces()}
    for value in values:
        code = by_sigla.get(value.upper(), value)
        if territories.province(code) is None:
            raise RowError(
                _(
                    "funding_import_error_province",
                    default="provinces: ${value} is not a Province (use its sigla or ISTAT code)",
                    mapping={"value": repr(value)},
                )
            )
        codes.append(code)
    return codes


# ---------------------------------------------------------------- the EU portal format


def _first(metadata, key):
    value = metadata.get(key)
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def _sedia_programme(identifier):
    prefixes = registry_value(PREFIXES_RECORD, {}) or {}
    head = identifier.split("-", 1)[0].upper()
    programme = prefixes.get(head)
    if not programme or programme not in programmes():
        raise RowError(
            _(
                "funding_import_error_prefix",
                default="programme: no managed programme for the identifier prefix ${prefix} "
                "(add it to provincecomuni.funding.sedia_prefixes)",
                mapping={"prefix": repr(head)},
            )
        )
    return programme


def _sedia_budget(metadata, identifier):
    raw = _first(metadata, "budgetOverview")
    if not raw:
        return {}
    try:
        overview = json.loads(raw)
    except ValueError:
        raise RowError(
            _("funding_import_error_budget_json", default="budgetOverview: not valid JSON")
        ) from None
    actions = []
    topic_map = (overview or {}).get("budgetTopicActionMap") or {}
    if not isinstance(topic_map, dict):
        raise RowError(
            _(
                "funding_import_error_budget_map",
                default="budgetOverview: budgetTopicActionMap is not an object",
            )
        )
    for entries in topic_map.values():
        for entry in entries or ():
            if isinstance(entry, dict) and str(entry.get("action", "")).startswith(identifier):
                actions.append(entry)
    if not actions:
        return {}
    total = 0.0
    for entry in actions:
        for amount in (entry.get("budgetYearMap") or {}).values():
            total += _number(amount, "budgetOverview budgetYearMap")
    result = {"total_budget": total or None}
    first = actions[0]
    result["expected_grants"] = _number(first.get("expectedGrants"), "expectedGrants", int)
    result["min_contribution"] = _number(first.get("minContribution"), "minContribution")
    result["max_contribution"] = _number(first.get("maxContribution"), "maxContribution")
    return result


DEADLINE_MODEL_NAMES = {
    "single-stage": "single-stage",
    "two-stage": "two-stage",
    "multiple cut-off": "multiple-cut-off",
    "multiple-cut-off": "multiple-cut-off",
    "multiplecutoff": "multiple-cut-off",
    "": "single-stage",
}


def sedia_record(result):
    """One search result as the values of a call (raises RowError)."""
    if not isinstance(result, dict) or not isinstance(result.get("metadata"), dict):
        raise RowError(
            _("funding_import_error_metadata", default="the result has no metadata object")
        )
    metadata = result["metadata"]
    identifier = _first(metadata, "identifier").strip()
    if not identifier:
        raise RowError(_missing("identifier"))
    model_name = _first(metadata, "deadlineModel").strip().lower()
    if model_name not in DEADLINE_MODEL_NAMES:
        raise RowError(
            _(
                "funding_import_error_deadline_model",
                default="deadlineModel: ${value} is not a known deadline model",
                mapping={"value": repr(model_name)},
            )
        )
    deadlines = [_sedia_date(v, "deadlineDate") for v in _list(metadata.get("deadlineDate"))]
    record = {
        "identifier": identifier,
        "call_identifier": _first(metadata, "callIdentifier") or None,
        "title": _first(metadata, "title") or result.get("summary") or identifier,
        "description": _first(metadata, "callTitle") or "",
        "programme": _sedia_programme(identifier),
        "management": "direct",
        "action_type": _first(metadata, "typesOfAction") or None,
        "opening_date": _sedia_date(_first(metadata, "startDate"), "startDate"),
        "deadline_model": DEADLINE_MODEL_NAMES[model_name],
        "deadlines": sorted(d for d in deadlines if d),
        "subject": tuple(_list(metadata.get("keywords"))),
        "official_url": result.get("url") or None,
    }
    record.update(_sedia_budget(metadata, identifier))
    return record


def parse_sedia(data: bytes):
    """[(row number, record or RowError)] from a search API answer; ImportFileError."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportFileError(
            _("funding_import_error_utf8", default="the file is not UTF-8 text")
        ) from None
    except ValueError as error:
        raise ImportFileError(
            _(
                "funding_import_error_json",
                default="the file is not valid JSON (${error})",
                mapping={"error": str(error)},
            )
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise ImportFileError(
            _(
                "funding_import_error_results",
                default="the file has no list of results (the 'results' key)",
            )
        )
    rows = []
    for number, result in enumerate(document["results"], start=1):
        try:
            rows.append((number, sedia_record(result)))
        except RowError as error:
            identifier = ""
            if isinstance(result, dict) and isinstance(result.get("metadata"), dict):
                identifier = _first(result["metadata"], "identifier")
            rows.append((number, RowError(identifier, error.args[0])))
    return rows


# ---------------------------------------------------------------- CSV


def csv_record(row):
    identifier = (row.get("identifier") or "").strip()
    if not identifier:
        raise RowError(_missing("identifier"))
    models = {token for token, _title in DEADLINE_MODELS}
    record = {
        "identifier": identifier,
        "call_identifier": (row.get("call_identifier") or "").strip() or None,
        "title": (row.get("title") or "").strip(),
        "description": (row.get("description") or "").strip(),
        "programme": (row.get("programme") or "").strip(),
        "management": _choice(row.get("management"), {t for t, _ in MANAGEMENT}, "management")
        or "indirect",
        "action_type": (row.get("action_type") or "").strip() or None,
        "managing_body": (row.get("managing_body") or "").strip() or None,
        "beneficiaries": [
            _choice(v, {t for t, _ in BENEFICIARIES}, "beneficiaries")
            for v in _list(row.get("beneficiaries"))
        ],
        "provinces": _province_codes(_list(row.get("provinces"))),
        "opening_date": _date(row.get("opening_date"), "opening_date"),
        "deadline_model": _choice(row.get("deadline_model"), models, "deadline_model")
        or "single-stage",
        "deadlines": sorted(_date(v, "deadlines") for v in _list(row.get("deadlines"))),
        "total_budget": _number(row.get("total_budget"), "total_budget"),
        "expected_grants": _number(row.get("expected_grants"), "expected_grants", int),
        "min_contribution": _number(row.get("min_contribution"), "min_contribution"),
        "max_contribution": _number(row.get("max_contribution"), "max_contribution"),
        "cofinancing_rate": _number(row.get("cofinancing_rate"), "cofinancing_rate"),
        "subject": tuple(_list(row.get("keywords"))),
        "topics": _list(row.get("topics")),
        "priority": (row.get("priority") or "").strip() or None,
        "procedure": (row.get("procedure") or "").strip() or None,
        "official_url": (row.get("url") or "").strip() or None,
    }
    if not record["title"]:
        raise RowError(_missing("title"))
    if record["programme"] not in programmes():
        raise RowError(
            _(
                "funding_import_error_programme",
                default="programme: ${value} is not a managed programme",
                mapping={"value": repr(record["programme"])},
            )
        )
    return record


def parse_csv(data: bytes):
    """[(row number, record or RowError)] from a CSV file (header row); ImportFileError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("funding_import_error_utf8", default="the file is not UTF-8 text")
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        lines = list(reader)
    except csv.Error as error:
        raise ImportFileError(
            _(
                "funding_import_error_csv",
                default="the file is not valid CSV (${error})",
                mapping={"error": str(error)},
            )
        ) from None
    if not lines:
        raise ImportFileError(_("funding_import_error_empty", default="the file is empty"))
    header = [name.strip() for name in lines[0]]
    missing = [name for name in CSV_REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _(
                "funding_import_error_missing_columns",
                default="missing columns: ${columns}",
                mapping={"columns": ", ".join(missing)},
            )
        )
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(
            _(
                "funding_import_error_unknown_columns",
                default="unknown columns: ${columns}",
                mapping={"columns": ", ".join(unknown)},
            )
        )
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise ImportFileError(
                _(
                    "funding_import_error_field_count",
                    default="row ${row} has ${count} fields instead of ${expected} "
                    "(check the quoting)",
                    mapping={"row": number, "count": len(values), "expected": len(header)},
                )
            )
        row = dict(zip(header, values, strict=True))
        try:
            rows.append((number, csv_record(row)))
        except RowError as error:
            rows.append((number, RowError(row.get("identifier", ""), error.args[0])))
    return rows


# ---------------------------------------------------------------- checking and writing


def check_record(record, context):
    """The same checks as the edit form: each field, then the invariants."""

    class Data:
        pass

    data = Data()
    for name in IFundingCall.names():
        value = record.get(name, IFundingCall[name].missing_value)
        setattr(data, name, value)
        if name not in record:
            continue
        bound = IFundingCall[name].bind(context)
        if value is None or value == []:
            if bound.required:
                raise RowError(_missing(name))
            continue
        try:
            bound.validate(value)
        except ValidationError as error:
            raise RowError(
                _(
                    "funding_import_error_field",
                    default="${field}: ${error}",
                    mapping={"field": name, "error": error.doc()},
                )
            ) from None
    try:
        check_call(data)
    except Invalid as error:
        raise RowError(_invalid(error.args[0])) from None


def _current(call, name):
    value = getattr(call, name, None)
    if name == "subject":
        return tuple(value or ())
    if isinstance(value, list | tuple):
        return list(value)
    return value


def _comparable(name, value):
    if name == "subject":
        return tuple(value or ())
    if name == "description":
        return value or ""
    if isinstance(value, list | tuple):
        return list(value)
    if value == []:
        return []
    return value


def upsert(container, rows, publish=False):
    """Write the checked rows; a Report. All or nothing if writing fails."""
    report = Report()
    catalog = api.portal.get_tool("portal_catalog")
    existing = {
        brain.funding_identifier: brain
        for brain in catalog.unrestrictedSearchResults(portal_type="FundingCall")
    }
    seen = set()
    normalizer = getUtility(IIDNormalizer)
    savepoint = transaction.savepoint()
    try:
        for number, record in rows:
            if isinstance(record, RowError):
                identifier, reason = record.args
                report.rejected.append((number, identifier, reason))
                continue
            identifier = record["identifier"]
            if identifier in seen:
                report.rejected.append(
                    (
                        number,
                        identifier,
                        _(
                            "funding_import_error_duplicate",
                            default="identifier: appears more than once in the file",
                        ),
                    )
                )
                continue
            seen.add(identifier)
            try:
                check_record(record, container)
            except RowError as error:
                report.rejected.append((number, identifier, error.args[0]))
                continue
            brain = existing.get(identifier)
            if brain is None:
                # Not api.content.create: its temporary id, rename and savepoint per
                # item made a 5,000-call import several times slower.
                call = createContentInContainer(
                    container,
                    "FundingCall",
                    checkConstraints=True,
                    id=normalizer.normalize(identifier, max_length=120),
                    **record,
                )
                if publish:
                    api.content.transition(obj=call, transition="pubblica")
                report.created.append(identifier)
                continue
            call = brain._unrestrictedGetObject()
            changed = [
                name
                for name in FIELDS
                if name in record
                and _comparable(name, _current(call, name)) != _comparable(name, record[name])
            ]
            if not changed:
                report.unchanged.append(identifier)
                continue
            for name in changed:
                setattr(call, name, record[name])
            call.reindexObject()
            report.updated.append(identifier)
    except Exception:
        savepoint.rollback()
        raise
    return report


PARSERS = {"sedia": parse_sedia, "csv": parse_csv}


def import_data(container, data: bytes, fmt: str, publish=False) -> Report:
    """Parse the whole file, then upsert; ImportFileError leaves everything as it was."""
    if fmt not in PARSERS:
        raise ImportFileError(
            _(
                "funding_import_error_format",
                default="unknown format ${format}: use sedia or csv",
                mapping={"format": repr(fmt)},
            )
        )
    rows = PARSERS[fmt](data)
    return upsert(container, rows, publish=publish)


ALLOWED_SCHEMES = ("http", "https", "file")


def fetch(url: str, timeout=60) -> bytes:
    """The content at ``url`` (http, https, or file for local runs)."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ALLOWED_SCHEMES:
        raise ImportFileError(
            _(
                "funding_import_error_scheme",
                default="the address must start with http or https, not ${scheme}",
                mapping={"scheme": repr(scheme)},
            )
        )
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (checked)
            return response.read()
    except OSError as error:
        raise ImportFileError(
            _(
                "funding_import_error_read",
                default="cannot read ${url}: ${error}",
                mapping={"url": url, "error": str(error)},
            )
        ) from None


def report_message(report):
    return _(
        "funding_import_report",
        default="${created} created, ${updated} updated, ${unchanged} unchanged, "
        "${rejected} rejected.",
        mapping={
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "rejected": len(report.rejected),
        },
    )
