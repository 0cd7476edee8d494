"""The dossier's next steps and checklist on its page; the templates form of a Province."""

from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from provincecomuni import _
from provincecomuni.procurement.workflow import checklist
from provincecomuni.procurement.workflow import guards
from provincecomuni.procurement.workflow import templates
from provincecomuni.records.interfaces import IRecord
from zExceptions import Forbidden
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


def _when(iso):
    """'2026-11-26T18:00:00+00:00' -> '26/11/2026 18:00' (UTC, as stored)."""
    if not iso:
        return ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]} {iso[11:16]}"


class NextStepsViewlet(ViewletBase):
    """What each transition the user could run still needs."""

    def update(self):
        super().update()
        self.blocked = guards.blocked_transitions(self.context, self.request)


class ChecklistViewlet(ViewletBase):
    def update(self):
        super().update()
        dossier = self.context
        self.can_link = api.user.has_permission(
            checklist.MODIFY_PERMISSION, obj=dossier
        ) or api.user.has_permission(checklist.ADD_PERMISSION, obj=dossier)
        self.can_approve = api.user.has_permission(checklist.APPROVE_PERMISSION, obj=dossier)
        self.can_comment = api.user.has_permission(checklist.COMMENT_PERMISSION, obj=dossier)
        self.frozen = api.content.get_state(dossier, default=None) in checklist.FROZEN_STATES
        self.comune = checklist.comune_title(dossier)
        community = checklist.community_of(dossier)
        self.templates_url = (
            f"{community.absolute_url()}/@@modelli-gara"
            if community is not None
            and api.user.has_permission("provincecomuni: Manage tender templates", obj=community)
            and community.restrictedTraverse("@@modelli-gara", None) is not None
            else ""
        )

    def _t(self, message):
        return translate(message, context=self.request)

    def documents(self):
        """The records of the dossier a checklist item may link (title and folder)."""
        if not self.can_link or self.frozen:
            return []
        catalog = api.portal.get_tool("portal_catalog")
        path = "/".join(self.context.getPhysicalPath())
        brains = catalog(
            path={"query": path},
            object_provides=IRecord.__identifier__,
            sort_on="sortable_title",
        )
        return [
            {"uid": b.UID, "title": b.Title or b.getId, "folder": b.getPath().rsplit("/", 2)[-2]}
            for b in brains
        ]

    def documents_for(self, item, documents):
        """What a row may link: the records of its folder and of the dossier itself,
        and the one it links now (a row does not list every record of a big dossier)."""
        own = {item.get("folder"), self.context.getId()}
        return [d for d in documents if d["folder"] in own or d["uid"] == item.get("document")]

    def rows(self):
        rows = []
        documents = self.documents()
        folders = {
            f.getId(): f.Title() for f in self.context.objectValues() if f.isPrincipiaFolderish
        }
        for item in checklist.items(self.context):
            data = checklist.serialize(self.context, item)
            approval = data["approval"]
            data["status_title"] = self._t(checklist.STATUS_TITLES[data["status"]])
            data["folder_title"] = folders.get(item["folder"], item["folder"])
            data["upload_url"] = (
                f"{self.context.absolute_url()}/{item['folder']}/++add++File"
                if self.can_link and not self.frozen and item["folder"] in folders
                else ""
            )
            data["approved_by"] = (
                self._t(
                    _(
                        "checklist_approved_by",
                        default="Approved by ${name} on ${when}",
                        mapping={"name": approval["fullname"], "when": _when(approval["time"])},
                    )
                )
                if approval and data["status"] == checklist.APPROVED
                else ""
            )
            data["voided_note"] = (
                self._t(
                    _(
                        "checklist_approval_voided",
                        default="The approval of ${name} (${when}) lapsed: the document "
                        "changed afterwards.",
                        mapping={"name": approval["fullname"], "when": _when(approval["time"])},
                    )
                )
                if data["approval_voided"]
                else ""
            )
            data["needed_for_title"] = translate(
                guards.Message(guards.transition_title(item["needed_for"]), domain="plone"),
                context=self.request,
            )
            data["show_approve"] = (
                self.can_approve
                and not self.frozen
                and data["comune_approval"]
                and data["status"] == checklist.AWAITING
            )
            data["comment_list"] = [
                {
                    "who": c.get("fullname") or c.get("user"),
                    "when": _when(c.get("time")),
                    "text": c.get("text")
                    or self._t(_("checklist_comment_approved", default="Approved the document.")),
                }
                for c in data["comments"]
            ]
            data["documents"] = self.documents_for(item, documents)
            rows.append(data)
        return rows

    def authenticator(self):
        return self.context.restrictedTraverse("@@authenticator").token()


class ChecklistAction(BrowserView):
    """POST target of the checklist's forms: upload, link, approve, comment."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        form = self.request.form
        action, item = form.get("action"), form.get("item", "")
        messages = IStatusMessage(self.request)
        try:
            if action == "link":
                checklist.link(self.context, item, form.get("document", ""))
                done = _("checklist_linked", default="The document is linked to the checklist.")
            elif action == "upload":
                upload = form.get("file")
                checklist.upload(
                    self.context,
                    item,
                    upload.read() if upload else b"",
                    getattr(upload, "filename", "") or "",
                    upload.headers.get("Content-Type") if upload else None,
                )
                done = _(
                    "checklist_uploaded",
                    default="The file is uploaded and linked to the checklist.",
                )
            elif action == "approve":
                checklist.approve(self.context, item)
                done = _("checklist_approved", default="The document is approved.")
            elif action == "comment":
                checklist.comment(self.context, item, form.get("text", ""))
                done = _("checklist_commented", default="Your comment is saved.")
            else:
                raise checklist.ChecklistError(
                    _("error_checklist_action", default="Unknown checklist action."),
                    field="action",
                )
        except (checklist.ChecklistError, Forbidden) as error:
            message = getattr(error, "message", None) or error.args[0]
            messages.add(translate(message, context=self.request), type="error")
        else:
            messages.add(translate(done, context=self.request), type="info")
        self.request.response.redirect(self.context.absolute_url() + "#tender-checklist")
        return ""


class TemplatesForm(BrowserView):
    """A Province's SUA edits the template of each procedure (its own copy)."""

    def procedures(self):
        vocabulary = getUtility(IVocabularyFactory, "provincecomuni.procurement.Procedures")(
            self.context
        )
        return [
            {
                "code": term.value,
                "title": term.title,
                "customized": templates.is_customized(self.context, term.value),
            }
            for term in vocabulary
        ]

    def __call__(self):
        form = self.request.form
        codes = [p["code"] for p in self.procedures()]
        self.procedure = form.get("procedure") if form.get("procedure") in codes else codes[0]
        self.errors = []
        template = templates.get_template(self.context, self.procedure)
        self.folders_text = templates.folders_to_text(template)
        self.checklist_text = templates.checklist_to_text(template)
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            messages = IStatusMessage(self.request)
            if form.get("form.buttons.reset"):
                templates.reset_template(self.context, self.procedure)
                messages.add(
                    translate(
                        _("template_reset", default="The default template is restored."),
                        context=self.request,
                    ),
                    type="info",
                )
                return self._redirect()
            if form.get("form.buttons.save"):
                self.folders_text = form.get("folders", "")
                self.checklist_text = form.get("checklist", "")
                try:
                    parsed = templates.from_text(self.folders_text, self.checklist_text)
                    templates.set_template(self.context, self.procedure, parsed)
                except templates.TemplateError as error:
                    self.errors = [translate(m, context=self.request) for m in error.messages]
                else:
                    messages.add(
                        translate(
                            _("template_saved", default="The template is saved."),
                            context=self.request,
                        ),
                        type="info",
                    )
                    return self._redirect()
        return self.index()

    def _redirect(self):
        self.request.response.redirect(
            f"{self.context.absolute_url()}/@@modelli-gara?procedure={self.procedure}"
        )
        return ""

    def authenticator(self):
        return self.context.restrictedTraverse("@@authenticator").token()
