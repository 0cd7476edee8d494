"""Views of the records archive (classic UI)."""

from plone import api
from plone.dexterity.browser.edit import DefaultEditView
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.records import archive
from provincecomuni.records import deposit
from provincecomuni.records import fixity
from provincecomuni.records import journal
from provincecomuni.records import registration
from provincecomuni.records import titolario
from provincecomuni.records.services.journal import parse_filters
from zExceptions import Unauthorized
from zope.i18n import translate

import csv
import io


def _message(request, message, kind="info"):
    api.portal.show_message(message=message, request=request, type=kind)


class TitolarioView(BrowserView):
    """The classification plan: read by everybody, imported by administrators."""

    errors = ()

    def classes(self):
        return titolario.classes()

    def can_manage(self):
        return api.user.has_permission("provincecomuni: Manage titolario", obj=self.context)

    def __call__(self):
        if self.request.method == "POST" and "form.import" in self.request.form:
            if not self.can_manage():
                raise Unauthorized("provincecomuni: Manage titolario")
            CheckAuthenticator(self.request)
            upload = self.request.form.get("csv_file")
            text = upload.read().decode("utf-8-sig") if upload else ""
            try:
                plan = titolario.import_csv(text)
            except titolario.PlanError as failure:
                self.errors = [translate(m, context=self.request) for m in failure.messages]
                _message(
                    self.request,
                    _("msg_titolario_not_imported", default="The plan was not imported."),
                    "error",
                )
            else:
                _message(
                    self.request,
                    _(
                        "msg_titolario_imported",
                        default="Plan imported: ${count} classes.",
                        mapping={"count": len(plan)},
                    ),
                )
                self.request.response.redirect(f"{self.context.absolute_url()}/@@titolario")
                return ""
        return self.index()


class TitolarioCSV(BrowserView):
    def __call__(self):
        self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
        self.request.response.setHeader(
            "Content-Disposition", 'attachment; filename="titolario.csv"'
        )
        return titolario.export_csv()


class RegisterRecord(BrowserView):
    """Register a record in the protocol or in a repertory."""

    error = None

    def __call__(self):
        if self.request.method == "POST" and "form.register" in self.request.form:
            CheckAuthenticator(self.request)
            form = self.request.form
            try:
                number = registration.register(
                    self.context,
                    register=form.get("register", "protocol"),
                    register_code=form.get("register_code"),
                )
            except registration.RegistrationError as failure:
                self.error = translate(failure.message, context=self.request)
            else:
                _message(
                    self.request,
                    _(
                        "msg_registered",
                        default="Registered as ${number}.",
                        mapping={"number": number},
                    ),
                )
                self.request.response.redirect(f"{self.context.absolute_url()}/view")
                return ""
        return self.index()


class AnnulRecord(BrowserView):
    """A Manager annuls an archived record, saying why."""

    error = None

    def __call__(self):
        if self.request.method == "POST" and "form.annul" in self.request.form:
            CheckAuthenticator(self.request)
            try:
                archive.annul(self.context, self.request.form.get("reason"))
            except ValueError as failure:
                self.error = str(failure)
            else:
                _message(self.request, _("msg_annulled", default="The record is annulled."))
                self.request.response.redirect(f"{self.context.absolute_url()}/view")
                return ""
        return self.index()


class FixityView(BrowserView):
    def __call__(self):
        self.result = fixity.check(self.context)
        return self.index()


class DepositPackageView(BrowserView):
    def __call__(self):
        try:
            return deposit.stream_package(self.context, self.request.response)
        except deposit.DepositError as failure:
            _message(self.request, str(failure), "error")
            self.request.response.redirect(self.context.absolute_url())
            return ""


class JournalView(BrowserView):
    """The community's journal, filterable by period, action and user."""

    error = None

    def actions(self):
        return journal.ACTIONS

    def entries(self, limit=200):
        try:
            filters = parse_filters({**self.request.form, "limit": str(limit)})
        except ValueError as failure:
            self.error = str(failure)
            return []
        log = journal.journal_of(self.context)
        return list(log.query(**filters)) if log is not None else []

    def __call__(self):
        return self.index()


class JournalCSV(JournalView):
    COLUMNS = ("time", "user", "action", "path", "uid", "title", "detail")

    def __call__(self):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.COLUMNS, lineterminator="\n")
        writer.writeheader()
        for entry in self.entries(limit=0):
            writer.writerow(entry)
        self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
        self.request.response.setHeader(
            "Content-Disposition",
            f'attachment; filename="journal-{self.context.getId()}.csv"',
        )
        return out.getvalue()


class RecordEditView(DefaultEditView):
    """The edit form of a record: an archived record says why it cannot be edited.

    Registered with the View permission so that it can explain; it checks "Modify
    portal content" itself before showing or processing the form.
    """

    def __call__(self):
        if archive.is_archived(self.context):
            _message(
                self.request,
                _(
                    "msg_archived_not_editable",
                    default="This record is archived: nobody can edit it, not even an "
                    "administrator. Only a Manager can annul it.",
                ),
                "error",
            )
            self.request.response.redirect(f"{self.context.absolute_url()}/view")
            return ""
        if not api.user.has_permission("Modify portal content", obj=self.context):
            raise Unauthorized("Modify portal content")
        return super().__call__()
