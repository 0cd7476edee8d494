"""Pages of the "Bandi europei" section: catalogue, calendar (HTML and iCal), import."""

from BTrees.IIBTree import IISet
from BTrees.IIBTree import IITreeSet
from BTrees.IIBTree import intersection
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.domain.formatting import italian_amount
from provincecomuni.funding import dates
from provincecomuni.funding import importer
from provincecomuni.funding.indexers import ALL_PROVINCES
from provincecomuni.funding.vocabularies import BENEFICIARIES
from provincecomuni.funding.vocabularies import IMPORT_URL_RECORD
from provincecomuni.funding.vocabularies import programmes
from provincecomuni.funding.vocabularies import registry_value
from provincecomuni.funding.vocabularies import STATES
from urllib.parse import urlencode
from zope.i18n import translate

import icalendar
import re


PAGE_SIZE = 25
TEXT_OPERATORS = {"and", "or", "not"}
STATE_NAMES = [token for token, _title in STATES]


def _iso_or_none(value):
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


class FilterMixin:
    """The filters of the request as catalog query terms."""

    def param(self, name):
        value = self.request.form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def today(self):
        return dates.today()

    def filters(self):
        """The recognised filters of the request, cleaned (unknown values dropped)."""
        values = {}
        state = self.param("state") or "open"
        values["state"] = state if state in STATE_NAMES + ["all"] else "open"
        programme = self.param("programme")
        if programme in programmes():
            values["programme"] = programme
        beneficiary = self.param("beneficiary")
        if beneficiary in dict(BENEFICIARIES):
            values["beneficiary"] = beneficiary
        province = self.param("province")
        if territories.province(province) is not None:
            values["province"] = province
        for name in ("deadline_from", "deadline_to"):
            value = _iso_or_none(self.param(name))
            if value:
                values[name] = value
        text = self.param("text")
        if text:
            values["text"] = text
        return values

    def call_query(self, filters, without=None):
        query = {"portal_type": "FundingCall", "review_state": "pubblicato"}
        if filters.get("state") not in (None, "all") and without != "state":
            query.update(dates.state_query(filters["state"], self.today()))
        if "programme" in filters and without != "programme":
            query["funding_programme"] = filters["programme"]
        if "beneficiary" in filters and without != "beneficiary":
            query["funding_beneficiaries"] = filters["beneficiary"]
        if "province" in filters and without != "province":
            query["funding_provinces"] = [filters["province"], ALL_PROVINCES]
        low, high = filters.get("deadline_from"), filters.get("deadline_to")
        if low and high:
            query["funding_deadlines"] = {"query": (low, high), "range": "min:max"}
        elif low:
            query["funding_deadlines"] = {"query": low, "range": "min"}
        elif high:
            query["funding_deadlines"] = {"query": high, "range": "max"}
        if "text" in filters:
            words = [
                w for w in re.findall(r"\w+", filters["text"]) if w.lower() not in TEXT_OPERATORS
            ]
            if words:
                # Plain words only: quotes, brackets and operators would make the
                # text index's query parser fail.
                query["SearchableText"] = " ".join(words)
        return query


class CatalogueView(FilterMixin, BrowserView):
    """The public catalogue of calls: filters with counts, nearest deadline first."""

    def __call__(self):
        self.current = self.filters()
        return self.index()

    def catalog(self):
        return api.portal.get_tool("portal_catalog")

    def results(self):
        query = self.call_query(self.current)
        reverse = self.current["state"] == "closed"
        try:
            start = max(int(self.param("b_start") or 0), 0)
        except ValueError:
            start = 0
        # Sorted by the catalog up to the end of the page only (sort_limit);
        # actual_result_count is the number of matching calls.
        brains = self.catalog().searchResults(
            sort_on=dates.CLOSING_INDEX,
            sort_order="descending" if reverse else "ascending",
            sort_limit=start + PAGE_SIZE,
            **query,
        )
        total = getattr(brains, "actual_result_count", None)
        if total is None:
            total = len(brains)
        names = programmes()
        today = self.today()
        items = []
        for brain in brains[start : start + PAGE_SIZE]:
            deadlines = [date.fromisoformat(d) for d in brain.funding_deadlines or ()]
            upcoming = dates.next_deadline(deadlines, today)
            opening = None if brain.funding_opening == dates.NO_OPENING else brain.funding_opening
            closing = None if brain.funding_closing == dates.NO_CLOSING else brain.funding_closing
            items.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "identifier": brain.funding_identifier,
                    "programme": names.get(brain.funding_programme, brain.funding_programme),
                    "opening": opening,
                    "closing": closing,
                    "next_deadline": upcoming.isoformat() if upcoming else None,
                    "state": dates.state_of(
                        opening and date.fromisoformat(opening),
                        closing and date.fromisoformat(closing),
                        today,
                    ),
                }
            )
        return {
            "calls": items,
            "total": total,
            "start": start,
            "previous": self._page_url(start - PAGE_SIZE) if start > 0 else None,
            "next": self._page_url(start + PAGE_SIZE) if start + PAGE_SIZE < total else None,
        }

    def _page_url(self, start):
        params = dict(self.current)
        params["b_start"] = max(start, 0)
        return f"{self.context.absolute_url()}/@@funding-catalogue?{urlencode(params)}"

    def _count(self, query, **extra):
        return len(self.catalog().searchResults(**query, **extra))

    def _value_counts(self, query, index_name, values):
        """{value: number of calls} for each value of an index, within ``query``.

        One catalog query for the result set, then an intersection with the index's
        set of each value: not one catalog query per value.
        """
        results = self.catalog().searchResults(**query)
        rids = getattr(results, "_seq", None)  # the record ids behind the lazy result
        if rids is not None and not isinstance(rids, IISet | IITreeSet):
            try:
                rids = IISet(rids)
            except TypeError:  # (score, id) pairs of a text query
                rids = None
        if rids is None:
            return {value: self._count(query, **{index_name: value}) for value in values}
        index = self.catalog()._catalog.getIndex(index_name)
        counts = {}
        for value in values:
            hits = index._index.get(value)
            if hits is None:
                counts[value] = 0
                continue
            if isinstance(hits, int):
                hits = IISet((hits,))
            counts[value] = len(intersection(rids, hits))
        return counts

    def facets(self):
        """Each filter's values with the number of calls each would give."""
        current = self.current
        request = self.request
        facets = []
        base = self.call_query(current, without="state")
        options = [
            {
                "value": token,
                "title": translate(title, context=request),
                "count": self._count(base, **dates.state_query(token, self.today())),
            }
            for token, title in STATES
        ]
        options.append(
            {
                "value": "all",
                "title": translate(_("call_state_all", default="All"), context=request),
                "count": self._count(base),
            }
        )
        facets.append(("state", _("label_call_state", default="State"), options))
        names = sorted(programmes().items(), key=lambda i: i[1].lower())
        counts = self._value_counts(
            self.call_query(current, without="programme"),
            "funding_programme",
            [token for token, _title in names],
        )
        options = [
            {"value": token, "title": title, "count": counts[token]} for token, title in names
        ]
        facets.append(("programme", _("label_funding_programme", default="Programme"), options))
        counts = self._value_counts(
            self.call_query(current, without="beneficiary"),
            "funding_beneficiaries",
            [token for token, _title in BENEFICIARIES],
        )
        options = [
            {
                "value": token,
                "title": translate(title, context=request),
                "count": counts[token],
            }
            for token, title in BENEFICIARIES
        ]
        title = _("label_funding_beneficiaries", default="Eligible beneficiaries")
        facets.append(("beneficiary", title, options))
        return [
            {
                "name": name,
                "title": title,
                "options": options,
                "selected": current.get(name, ""),
            }
            for name, title, options in facets
        ]

    def provinces(self):
        return [{"value": p.istat_code, "title": p.name} for p in territories.provinces()]


class CalendarView(FilterMixin, BrowserView):
    """Deadlines of published calls and milestones of the proposals the user may see."""

    DAYS = 365

    def period(self):
        start = _iso_or_none(self.param("from"))
        start = date.fromisoformat(start) if start else self.today()
        end = _iso_or_none(self.param("to"))
        end = date.fromisoformat(end) if end else start + timedelta(days=self.DAYS)
        return start, end

    def events(self):
        filters = self.filters()
        start, end = self.period()
        period = {"query": (start.isoformat(), end.isoformat()), "range": "min:max"}
        catalog = api.portal.get_tool("portal_catalog")
        query = self.call_query({k: v for k, v in filters.items() if k != "state"})
        query["funding_deadlines"] = period
        events = []
        call_kind = _("deadline_kind_call", default="Call deadline")
        call_kind = translate(call_kind, context=self.request)
        for brain in catalog.searchResults(**query):
            for value in brain.funding_deadlines or ():
                if start.isoformat() <= value <= end.isoformat():
                    events.append(
                        {
                            "date": date.fromisoformat(value),
                            "title": brain.Title,
                            "identifier": brain.funding_identifier,
                            "url": brain.getURL(),
                            "kind": call_kind,
                            "uid": f"{brain.UID}-{value}@provincecomuni",
                        }
                    )
        proposals = {"portal_type": "ProjectProposal", "funding_deadlines": period}
        if "programme" in filters:
            proposals["funding_programme"] = filters["programme"]
        if "province" in filters:
            proposals["funding_provinces"] = filters["province"]
        if "beneficiary" not in filters:
            milestone_kind = translate(
                _("deadline_kind_milestone", default="Proposal milestone"), context=self.request
            )
            for brain in catalog.searchResults(**proposals):
                proposal = brain.getObject()
                for number, milestone in enumerate(proposal.milestones or ()):
                    value = milestone.get("due_date", "")
                    if milestone.get("done"):
                        continue
                    if start.isoformat() <= value <= end.isoformat():
                        events.append(
                            {
                                "date": date.fromisoformat(value),
                                "title": f"{brain.Title}: {milestone.get('title', '')}",
                                "identifier": proposal.call_identifier,
                                "url": brain.getURL(),
                                "kind": milestone_kind,
                                "uid": f"{brain.UID}-m{number}-{value}@provincecomuni",
                            }
                        )
        return sorted(events, key=lambda e: (e["date"], e["title"]))

    def months(self):
        months = []
        for event in self.events():
            key = event["date"].strftime("%Y-%m")
            if not months or months[-1]["key"] != key:
                months.append({"key": key, "events": []})
            months[-1]["events"].append(event)
        return months

    def ical_url(self):
        params = {k: v for k, v in self.request.form.items() if isinstance(v, str) and v}
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.context.absolute_url()}/@@funding-calendar.ics{query}"

    def provinces(self):
        return [{"value": p.istat_code, "title": p.name} for p in territories.provinces()]

    def programme_options(self):
        return sorted(programmes().items(), key=lambda i: i[1].lower())

    def beneficiary_options(self):
        return [(t, translate(title, context=self.request)) for t, title in BENEFICIARIES]


class CalendarFeed(CalendarView):
    """The same deadlines as an iCalendar feed (all-day events)."""

    def __call__(self):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Province & Comuni//Bandi europei//IT")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", "Bandi europei: scadenze")
        calendar.add("x-wr-timezone", "Europe/Rome")
        stamp = datetime.now(tz=dates.TIMEZONE)
        for event in self.events():
            item = icalendar.Event()
            item.add("uid", event["uid"])
            item.add("dtstamp", stamp)
            item.add("summary", f"{event['kind']}: {event['title']}")
            item.add("dtstart", event["date"])
            item.add("dtend", event["date"] + timedelta(days=1))
            item.add("url", event["url"])
            if event["identifier"]:
                item.add("description", event["identifier"])
            calendar.add_component(item)
        self.request.response.setHeader("Content-Type", "text/calendar; charset=utf-8")
        self.request.response.setHeader(
            "Content-Disposition", 'attachment; filename="bandi-europei.ics"'
        )
        return calendar.to_ical()


class ImportView(BrowserView):
    """Upload a file (EU portal search format or CSV), or read the configured address."""

    report = None
    error = None

    def report_text(self):
        return translate(importer.report_message(self.report), context=self.request)

    def reason(self, message):
        """A rejection reason in the language of the request."""
        return importer.translated(message, self.request)

    def configured_url(self):
        return registry_value(IMPORT_URL_RECORD, "") or ""

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and (form.get("import") or form.get("import_url")):
            CheckAuthenticator(self.request)
            publish = bool(form.get("publish"))
            try:
                if form.get("import_url"):
                    url = self.configured_url()
                    if not url:
                        raise importer.ImportFileError(importer.NO_ADDRESS)
                    data, fmt = importer.fetch(url), "sedia"
                else:
                    upload = form.get("file")
                    data = upload.read() if upload else b""
                    if not data:
                        raise importer.ImportFileError(
                            _("funding_import_error_no_file", default="choose a file to import")
                        )
                    fmt = form.get("format", "sedia")
                self.report = importer.import_data(self.context, data, fmt, publish=publish)
            except importer.ImportFileError as error:
                self.error = importer.translated(error.args[0], self.request)
        return self.index()


class AlertsView(BrowserView):
    """The logged-in user's subscription to the digest of calls."""

    saved = False
    error = None

    def userid(self):
        return api.user.get_current().getId()

    def subscription(self):
        from provincecomuni.funding import alerts

        return alerts.get_subscription(api.portal.get(), self.userid()) or {
            "programmes": [],
            "beneficiaries": [],
            "keywords": [],
            "frequency": "weekly",
        }

    def __call__(self):
        from provincecomuni.funding import alerts

        form = self.request.form
        if self.request.method == "POST" and (form.get("save") or form.get("cancel")):
            CheckAuthenticator(self.request)
            portal = api.portal.get()
            if form.get("cancel"):
                alerts.remove_subscription(portal, self.userid())
            else:
                chosen = [p for p in _as_list(form.get("programmes")) if p in programmes()]
                beneficiaries = [
                    b for b in _as_list(form.get("beneficiaries")) if b in dict(BENEFICIARIES)
                ]
                keywords = [k for k in (form.get("keywords") or "").split(",") if k.strip()]
                frequency = form.get("frequency")
                if frequency not in alerts.FREQUENCIES:
                    self.error = _(
                        "error_alerts_frequency",
                        default="Frequency: choose daily or weekly.",
                    )
                    return self.index()
                alerts.set_subscription(
                    portal, self.userid(), chosen, beneficiaries, keywords, frequency
                )
            self.saved = True
        return self.index()

    def programme_options(self):
        chosen = set(self.subscription()["programmes"])
        return [
            {"value": t, "title": title, "checked": t in chosen}
            for t, title in sorted(programmes().items(), key=lambda i: i[1].lower())
        ]

    def beneficiary_options(self):
        chosen = set(self.subscription()["beneficiaries"])
        return [
            {"value": t, "title": translate(title, context=self.request), "checked": t in chosen}
            for t, title in BENEFICIARIES
        ]


def _as_list(value):
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


class CallView(BrowserView):
    """A call's page: its state today (from its dates), deadlines, budget, documents."""

    def facts(self):
        call = self.context
        today = self.today = dates.today()
        closing = dates.closing_date(call.deadline_model, call.deadlines)
        upcoming = dates.next_deadline(call.deadlines, today)
        names = programmes()
        beneficiaries = dict(BENEFICIARIES)
        return {
            "state": dates.state_of(call.opening_date, closing, today),
            "programme": names.get(call.programme, call.programme),
            "beneficiaries": [
                translate(beneficiaries[b], context=self.request)
                for b in call.beneficiaries or ()
                if b in beneficiaries
            ],
            # ISO for <time datetime>, dd/mm/yyyy for the Italian reader.
            "deadlines": [
                {"date": d.isoformat(), "shown": d.strftime("%d/%m/%Y"), "next": d == upcoming}
                for d in sorted(call.deadlines or ())
            ],
            "opening": call.opening_date.strftime("%d/%m/%Y") if call.opening_date else None,
            "budget": _euro(call.total_budget),
            "min": _euro(call.min_contribution),
            "max": _euro(call.max_contribution),
        }

    def documents(self):
        return [
            {"title": brain.Title, "url": brain.getURL()}
            for brain in api.content.find(context=self.context, depth=1, sort_on="sortable_title")
        ]


def _euro(value):
    """Calls are read in whole euros: ``1500000`` -> ``"1.500.000 EUR"``."""
    return None if value is None else f"{italian_amount(value, decimals=0)} EUR"
