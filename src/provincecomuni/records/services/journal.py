"""``GET @journal``: a community's audit trail, newest first, filterable."""

from datetime import datetime
from plone.restapi.services import Service
from provincecomuni.records import journal
from provincecomuni.records.services.registration import error


def parse_filters(form):
    """start/end (ISO dates or datetimes, UTC), action, user, limit."""
    filters = {}
    for name in ("start", "end"):
        value = form.get(name)
        if value:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(name) from None
            if moment.tzinfo is None:
                from datetime import UTC

                moment = moment.replace(tzinfo=UTC)
            if name == "end" and len(value) == 10:
                moment = moment.replace(hour=23, minute=59, second=59)
            filters[name] = moment
    action = form.get("action")
    if action:
        if action not in journal.ACTIONS:
            raise ValueError("action")
        filters["action"] = action
    if form.get("user"):
        filters["user"] = form["user"]
    limit = form.get("limit", "100")
    if not str(limit).isdigit():
        raise ValueError("limit")
    filters["limit"] = int(limit) or None
    return filters


class JournalGet(Service):
    def reply(self):
        try:
            filters = parse_filters(self.request.form)
        except ValueError as failure:
            return error(
                self.request, 400, str(failure), f"{failure}: not a valid value for the filter."
            )
        log = journal.journal_of(self.context)
        items = list(log.query(**filters)) if log is not None else []
        return {
            "@id": f"{self.context.absolute_url()}/@journal",
            "items": items,
            "items_total": len(items),
        }
