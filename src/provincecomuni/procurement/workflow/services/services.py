"""REST: transitions that say what is missing, the checklist, the templates."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from plone.restapi.services.workflow.transition import WorkflowTransition
from provincecomuni.procurement.lifecycle import missing_prerequisites
from provincecomuni.procurement.workflow import checklist
from provincecomuni.procurement.workflow import guards
from provincecomuni.procurement.workflow import templates
from zExceptions import Forbidden
from zope.i18n import translate
from zope.interface import alsoProvides


class TenderWorkflowTransition(WorkflowTransition):
    """plone.restapi's transition, but a blocked one answers 400 with what is missing."""

    def reply(self):
        transition = self.transition
        if (
            transition
            and transition in guards.exit_transitions(self.context)
            and guards.has_guard_permissions(self.context, transition)
        ):
            missing = missing_prerequisites(self.context, transition)
            if missing:
                self.request.response.setStatus(400)
                messages = [translate(m, context=self.request) for m in missing]
                return {
                    "error": {
                        "type": "MissingPrerequisites",
                        "message": translate(
                            guards.blocked_message(transition, messages), context=self.request
                        ),
                        "missing": messages,
                    }
                }
        return super().reply()


def _summary(dossier, request):
    return {
        "@id": f"{dossier.absolute_url()}/@checklist",
        "items": [checklist.serialize(dossier, item) for item in checklist.items(dossier)],
        "blocked_transitions": guards.blocked_transitions(dossier, request),
    }


class ChecklistGet(Service):
    def reply(self):
        return _summary(self.context, self.request)


class ChecklistPost(Service):
    """{"action": "link", "item": id, "document": uid} | {"action": "approve", "item": id}
    | {"action": "comment", "item": id, "text": "..."}"""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request)
        action, item = data.get("action"), data.get("item") or ""
        try:
            if action == "link":
                checklist.link(self.context, item, data.get("document") or "")
            elif action == "approve":
                checklist.approve(self.context, item)
            elif action == "comment":
                checklist.comment(self.context, item, data.get("text") or "")
            else:
                raise checklist.ChecklistError("action: link, approve or comment", field="action")
        except checklist.ChecklistError as error:
            self.request.response.setStatus(error.status)
            return {
                "error": {
                    "type": "BadRequest" if error.status == 400 else "Forbidden",
                    "message": translate(error.message, context=self.request),
                    "field": error.field,
                }
            }
        except Forbidden as error:
            self.request.response.setStatus(403)
            return {
                "error": {
                    "type": "Forbidden",
                    "message": translate(error.args[0], context=self.request),
                }
            }
        return _summary(self.context, self.request)


def _templates(community):
    return {
        "@id": f"{community.absolute_url()}/@tender-templates",
        "templates": {
            code: dict(
                templates.get_template(community, code),
                customized=templates.is_customized(community, code),
            )
            for code in templates.procedure_codes()
        },
    }


class TemplatesGet(Service):
    def reply(self):
        return _templates(self.context)


class TemplatesPatch(Service):
    """{"<procedure code>": {"folders": [...], "checklist": [...]} or null (reset)}."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request)
        codes = templates.procedure_codes()
        errors = []
        cleaned = {}
        for code, template in (data or {}).items():
            if code not in codes:
                errors.append(f"{code}: not a procedure code ({', '.join(codes)})")
                continue
            if template is None:
                cleaned[code] = None
                continue
            try:
                cleaned[code] = templates.validate(template)
            except templates.TemplateError as error:
                errors.extend(
                    f"{code}: {translate(m, context=self.request)}" for m in error.messages
                )
        if errors:
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "message": "; ".join(errors), "errors": errors}}
        for code, template in cleaned.items():
            if template is None:
                templates.reset_template(self.context, code)
            else:
                templates.set_template(self.context, code, template)
        return _templates(self.context)
