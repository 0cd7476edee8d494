"""The SUA listing of a Province community (@@gare), its CSV export (@@gare.csv) and
the iCal feed of the dossiers' key dates (@@gare.ics)."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.domain.formatting import italian_amount
from provincecomuni.procurement import checks
from provincecomuni.procurement.dashboard import deadlines
from provincecomuni.procurement.dashboard.search import DEFAULT_SORT
from provincecomuni.procurement.dashboard.search import DossierSearch
from provincecomuni.procurement.dashboard.search import labels
from provincecomuni.procurement.dashboard.search import PAGE_SIZE
from provincecomuni.procurement.dashboard.search import SORTS
from provincecomuni.procurement.indexers import NO_DEADLINE
from urllib.parse import urlencode
from zope.i18n import translate

import csv
import icalendar
import io
import zoneinfo


ROME = zoneinfo.ZoneInfo("Europe/Rome")


FILTER_NAMES = (
    "state",
    "comune",
    "procedure",
    "object",
    "cpv",
    "amount_min",
    "amount_max",
    "week",
    "checks",
)


def _int(value, default=0):
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


def italian_day(iso):
    """``2027-03-05`` (or an ISO datetime) -> ``05/03/2027``; ``""`` when none."""
    if not iso or iso == NO_DEADLINE:
        return ""
    day = date.fromisoformat(iso[:10])
    return day.strftime("%d/%m/%Y")


class GareView(BrowserView):
    """The dossiers of the Province: filters with counts, sortable columns, pages of 25."""

    def update(self):
        form = self.request.form
        self.search = DossierSearch(self.context, form)
        self.sort = form.get("sort_on") if form.get("sort_on") in SORTS else DEFAULT_SORT
        self.order = "desc" if form.get("sort_order") == "desc" else "asc"
        self.b_start = _int(form.get("b_start"))
        self.results = self.search.results(self.sort, self.order, self.b_start, PAGE_SIZE)
        self.total = self.results.actual_result_count
        self.labels = labels(self.request)

    def __call__(self):
        self.update()
        return self.index()

    # Filters --------------------------------------------------------------------

    def filter_params(self):
        form = self.request.form
        return {name: form[name] for name in FILTER_NAMES if form.get(name)}

    def facets(self):
        return self.search.facet_options(self.request)

    def week_count(self):
        return self.search.week_count()

    def checks_count(self):
        return self.search.checks_count()

    def errors(self):
        return [
            {"field": error.field, "message": translate(error.message, context=self.request)}
            for error in self.search.errors
        ]

    def translate_label(self, msgid, default):
        return translate(_(msgid, default=default), context=self.request)

    def amount_value(self, name):
        return self.request.form.get(name, "")

    # Table ----------------------------------------------------------------------

    def url(self, **changes):
        params = self.filter_params()
        params.update({"sort_on": self.sort, "sort_order": self.order})
        params.update(changes)
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return f"{self.context.absolute_url()}/@@gare?{urlencode(params)}"

    def columns(self):
        """The header cells: label, sort link, aria-sort value."""
        headers = (
            ("title", _("column_tender_subject", default="Subject")),
            ("comune", _("label_commissioning_comune", default="Commissioning Comune")),
            ("procedure", _("label_procedure", default="Procedure")),
            (None, _("label_contract_object", default="Contract object")),
            (None, _("column_cpv", default="CPV")),
            ("amount", _("column_amount", default="Amount (EUR)")),
            ("deadline", _("column_next_deadline", default="Next deadline")),
            ("state", _("column_state", default="State")),
        )
        columns = []
        for sort, label in headers:
            column = {"label": label, "sort": sort, "url": None, "aria_sort": None}
            if sort:
                current = sort == self.sort
                order = "desc" if current and self.order == "asc" else "asc"
                column["url"] = self.url(sort_on=sort, sort_order=order, b_start=None)
                if current:
                    column["aria_sort"] = "ascending" if self.order == "asc" else "descending"
                else:
                    column["aria_sort"] = "none"
            columns.append(column)
        return columns

    def rows(self):
        return [row(brain, self.labels, self.search.today) for brain in self.results]

    # Batching -------------------------------------------------------------------

    def page_info(self):
        first = self.b_start + 1 if self.total else 0
        last = min(self.b_start + PAGE_SIZE, self.total)
        previous = self.url(b_start=max(self.b_start - PAGE_SIZE, 0)) if self.b_start > 0 else None
        following = self.url(b_start=self.b_start + PAGE_SIZE) if last < self.total else None
        return {
            "first": first,
            "last": last,
            "total": self.total,
            "previous": previous,
            "next": following,
        }

    def csv_url(self):
        params = self.filter_params()
        params.update({"sort_on": self.sort, "sort_order": self.order})
        return f"{self.context.absolute_url()}/@@gare.csv?{urlencode(params)}"

    def ics_url(self):
        return f"{self.context.absolute_url()}/@@gare.ics"


def checks_flag(expiry, today):
    """ "expired" / "expiring" for the earliest end of a dossier's current checks."""
    if not isinstance(expiry, date):
        return None
    if expiry < today:
        return "expired"
    if expiry <= today + timedelta(days=checks.expiring_days()):
        return "expiring"
    return None


def row(brain, titles, today=None):
    """A listing row from a brain's metadata (never its object)."""
    cpvs = brain.tender_cpvs or ()
    return {
        "title": brain.Title,
        "url": brain.getURL(),
        "comune": titles["comune"].get(brain.tender_comune, brain.tender_comune or ""),
        "procedure": titles["procedure"].get(brain.tender_procedure, brain.tender_procedure or ""),
        "object": titles["object"].get(
            brain.tender_contract_object, brain.tender_contract_object or ""
        ),
        "cpv": cpvs[0] if cpvs else "",
        "cpvs": ", ".join(cpvs),
        "amount": italian_amount(brain.tender_amount),
        "deadline": italian_day(brain.tender_next_deadline),
        "deadline_iso": (
            brain.tender_next_deadline if brain.tender_next_deadline != NO_DEADLINE else ""
        ),
        "state": titles["state"].get(brain.review_state, brain.review_state or ""),
        "cigs": ", ".join(brain.tender_cigs or ()),
        "rup": brain.tender_rup or "",
        "checks": checks_flag(getattr(brain, "tender_checks_expiry", None), today or date.today()),
    }


CSV_HEADERS = (
    ("title", _("column_tender_subject", default="Subject")),
    ("comune", _("label_commissioning_comune", default="Commissioning Comune")),
    ("procedure", _("label_procedure", default="Procedure")),
    ("object", _("label_contract_object", default="Contract object")),
    ("cpvs", _("column_cpv", default="CPV")),
    ("cigs", _("column_cigs", default="CIG")),
    ("amount", _("column_amount", default="Amount (EUR)")),
    ("deadline", _("column_next_deadline", default="Next deadline")),
    ("state", _("column_state", default="State")),
    ("rup", _("column_rup", default="RUP")),
    ("url", _("column_link", default="Link")),
)


class _Line:
    """A file-like buffer for csv.writer that hands back what was written."""

    def __init__(self):
        self.value = ""

    def write(self, text):
        self.value += text


class GareCsv(BrowserView):
    """The filtered result as CSV for Excel: ``;`` separator, UTF-8 with BOM, Italian
    headers and amounts (1.234,50). Built row by row from the brains' metadata (a
    dossier is never woken up) and written to the response in chunks of rows, while
    the request still has its database connection (the catalog is read lazily)."""

    chunk_rows = 500

    def __call__(self):
        form = self.request.form
        search = DossierSearch(self.context, form)
        sort = form.get("sort_on") if form.get("sort_on") in SORTS else DEFAULT_SORT
        order = "desc" if form.get("sort_order") == "desc" else "asc"
        brains = search.all_results(sort, order)
        titles = labels(self.request)
        headers = [translate(label, target_language="it") for _key, label in CSV_HEADERS]
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        filename = f"gare-{self.context.getId()}-{date.today().isoformat()}.csv"
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        for chunk in csv_lines(brains, titles, headers, self.chunk_rows):
            response.write(chunk)
        return b""


def csv_lines(brains, titles, headers, chunk_rows=500):
    """The CSV text in chunks of ``chunk_rows`` rows (the first one starts with the BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(headers)
    for count, brain in enumerate(brains, start=1):
        data = row(brain, titles)
        writer.writerow([data[key] for key, _label in CSV_HEADERS])
        if count % chunk_rows == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


class GareIcs(BrowserView):
    """The key dates of the Province's dossiers the caller may see, as an iCal feed
    (30 days back to a year ahead, open tenders only): all-day events, or timed ones
    (Europe/Rome) for the offer deadline and the opening session."""

    days_back = 30
    days_ahead = 365

    def __call__(self):
        today = date.today()
        start = today - timedelta(days=self.days_back)
        end = today + timedelta(days=self.days_ahead)
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Province & Comuni//SUA//IT")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"Gare - {self.context.Title()}")
        stamp = datetime.now().astimezone()
        for item in deadlines.key_date_items(self.context, start, end, request=self.request):
            event = icalendar.Event()
            event.add("uid", f"{item['uid']}-{item['field']}@provincecomuni")
            event.add("summary", f"{item['kind']}: {item['title']}")
            when = item["when"]
            if isinstance(when, datetime):
                # Times of the forms are Italian local times.
                when = when if when.tzinfo else when.replace(tzinfo=ROME)
                event.add("dtstart", when)
                event.add("dtend", when + timedelta(hours=1))
            else:
                event.add("dtstart", when)
                event.add("dtend", when + timedelta(days=1))
            event.add("dtstamp", stamp)
            event.add("url", item["url"])
            calendar.add_component(event)
        response = self.request.response
        response.setHeader("Content-Type", "text/calendar; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="gare-{self.context.getId()}.ics"'
        )
        return calendar.to_ical()
