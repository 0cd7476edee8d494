"""``@@importa-utenti``: the CSV import form for Site Administrators and Managers."""

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.membership import onboarding
from provincecomuni.membership.onboarding import ImportFileError
from zope.i18n import translate


MAX_BYTES = 2 * 1024 * 1024

STATUS_TITLES = {
    onboarding.CREATED: _("import_status_created", default="Created"),
    onboarding.UPDATED: _("import_status_updated", default="Updated"),
    onboarding.UNCHANGED: _("import_status_unchanged", default="Unchanged"),
    onboarding.REJECTED: _("import_status_rejected", default="Rejected"),
}


class ImportUsersView(BrowserView):
    result = None
    file_error = None
    dry_run = False
    csv_text = ""

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and (
            "form.buttons.preview" in form or "form.buttons.import" in form
        ):
            CheckAuthenticator(self.request)
            self.dry_run = "form.buttons.preview" in form
            self.process()
        return self.index()

    @property
    def valid_only(self):
        return bool(self.request.form.get("valid_only"))

    @property
    def send_welcome(self):
        # A checkbox: absent from a submitted form means "no"; checked on a fresh form.
        if self.request.method != "POST":
            return True
        return bool(self.request.form.get("send_welcome"))

    def _data(self):
        upload = self.request.form.get("csv")
        if upload is not None and getattr(upload, "filename", None):
            data = upload.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise ImportFileError(
                    _("import_error_too_big", default="The file is larger than 2 MB: split it.")
                )
            return data
        text = self.request.form.get("csv_text") or ""
        if not text.strip():
            raise ImportFileError(_("import_error_no_file", default="Choose a CSV file to import."))
        return text

    def process(self):
        try:
            data = self._data()
            self.result = onboarding.import_users(
                data,
                valid_only=self.valid_only,
                dry_run=self.dry_run,
                send_welcome=self.send_welcome,
            )
            self.csv_text = onboarding.decode_file(data)
        except ImportFileError as error:
            self.file_error = translate(error.message, context=self.request)

    def t(self, message):
        return translate(message, context=self.request)

    def status_title(self, status):
        return self.t(STATUS_TITLES[status])

    def rows(self):
        return [
            {
                "row": plan.row,
                "email": plan.email,
                "fullname": plan.fullname,
                "status": plan.status,
                "status_title": self.status_title(plan.status),
                "errors": [
                    {"field": error.field, "message": self.t(error.message)}
                    for error in plan.errors
                ],
                "changes": [self.t(change) for change in plan.changes],
            }
            for plan in self.result.rows
        ]

    def summary(self):
        return [
            {"status": status, "title": self.status_title(status), "count": count}
            for status, count in self.result.summary.items()
        ]

    def blocked(self):
        """Invalid rows stopped the whole import."""
        return self.result is not None and not self.dry_run and not self.result.applied
