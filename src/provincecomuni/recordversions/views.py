"""The ``@@differenze-metadati`` page and the ``@record-diff`` REST service."""

from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from Products.Five.browser import BrowserView
from provincecomuni.recordversions import diff
from zope.i18n import translate


class MetadataDiffView(BrowserView):
    """Compare two versions of a record field by field (default: the last two)."""

    def update(self):
        self.versions = diff.history_of(self.context)
        self.error = None
        self.rows = []
        self.first = self.second = None
        try:
            self.first, self.second = diff.choose_versions(
                self.context, self.request.form.get("from"), self.request.form.get("to")
            )
        except diff.DiffError as failure:
            self.error = translate(failure.message, context=self.request)
            if failure.field != "from" or self.request.form.get("from"):
                self.request.response.setStatus(400)
            return
        for row in diff.diff(self.context, self.first, self.second):
            self.rows.append(
                {
                    "name": row["name"],
                    "title": row["title"],
                    "changed": row["changed"],
                    "old": diff.display(row["old"], row["field"], self.context, self.request),
                    "new": diff.display(row["new"], row["field"], self.context, self.request),
                }
            )

    def __call__(self):
        self.update()
        return self.index()

    @property
    def changed_rows(self):
        return [row for row in self.rows if row["changed"]]

    @property
    def unchanged_rows(self):
        return [row for row in self.rows if not row["changed"]]


class RecordDiffGet(Service):
    """``GET <record>/@record-diff?from=N&to=M``."""

    def reply(self):
        form = self.request.form
        try:
            first, second = diff.choose_versions(self.context, form.get("from"), form.get("to"))
        except diff.DiffError as failure:
            self.request.response.setStatus(400)
            return {
                "error": {
                    "type": "BadRequest",
                    "field": failure.field,
                    "message": translate(failure.message, context=self.request),
                }
            }
        rows = diff.diff(self.context, first, second)
        return {
            "@id": f"{self.context.absolute_url()}/@record-diff?from={first}&to={second}",
            "from": first,
            "to": second,
            "versions": json_compatible(diff.history_of(self.context)),
            "changes": [
                {
                    "field": row["name"],
                    "title": translate(row["title"], context=self.request),
                    "old": json_compatible(row["old"]),
                    "new": json_compatible(row["new"]),
                }
                for row in rows
                if row["changed"]
            ],
        }
