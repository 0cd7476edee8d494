"""Bulk onboarding: users, their territory and their community roles from a CSV file.

The file has a header row and the columns ``nome`` (full name), ``email``, ``ente``
(a Province by sigla or ISTAT code, or a Comune by ISTAT code; may be empty) and
``ruoli`` (``community-id:ruolo`` entries separated by ``;`` or ``|``; may be
empty). It is UTF-8, with or without BOM, separated by commas or semicolons.

Every row is validated before anything is written (:func:`plan_import`); then
:func:`apply_import` creates or updates users through ``membership.api``. When
a row is invalid nothing is written unless the caller asks for the valid rows
only. Re-importing the same file changes nothing: users are matched by email,
memberships are added or their role changed, never duplicated or removed.

New users get a random password they never see and our Italian welcome email
with a link to Plone's own password-reset form (``/passwordreset/<code>``),
valid as long as the site's reset tool says (7 days by default).
"""

from plone import api
from Products.CMFPlone.RegistrationTool import checkEmailAddress
from Products.CMFPlone.RegistrationTool import EmailAddressInvalid
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.membership import api as membership
from provincecomuni.membership.notifications import make_email
from provincecomuni.membership.roles import ROLES_BY_ID
from urllib.parse import urlencode
from zope.i18n import translate

import csv
import dataclasses
import io
import re
import secrets


COLUMNS = ("nome", "email", "ente", "ruoli")
MAX_ROWS = 5000
COMMUNITY_SECTIONS = ("province", "reti-tematiche")

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REJECTED = "rejected"


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header, columns)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclasses.dataclass
class RowError:
    field: str
    message: str  # an i18n message


@dataclasses.dataclass
class RowPlan:
    """One data row: what it asks for and what importing it would change."""

    row: int  # the line number in the file, header = 1
    fullname: str = ""
    email: str = ""
    territory: tuple | None = None  # (kind, ISTAT code)
    roles: list = dataclasses.field(default_factory=list)  # [(community, role id)]
    errors: list = dataclasses.field(default_factory=list)
    userid: str | None = None  # an existing user matched by email
    login: str | None = None  # the login name of a new user
    changes: list = dataclasses.field(default_factory=list)  # i18n messages
    status: str = ""

    @property
    def valid(self):
        return not self.errors


@dataclasses.dataclass
class ImportResult:
    rows: list
    applied: bool = False

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)

    @property
    def summary(self):
        return {status: self.count(status) for status in (CREATED, UPDATED, UNCHANGED, REJECTED)}


# Reading the file -----------------------------------------------------------------


def decode_file(data):
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "import_error_encoding",
                default="The file is not UTF-8 text (byte ${position}): "
                "save it as 'CSV UTF-8' and try again.",
                mapping={"position": error.start + 1},
            )
        ) from error


def _delimiter(header_line):
    """Comma or semicolon: the one that splits the header into our columns."""
    best, best_hits = ",", -1
    for delimiter in (",", ";"):
        names = {name.strip().strip('"').lower() for name in header_line.split(delimiter)}
        hits = len(names & set(COLUMNS))
        if hits > best_hits:
            best, best_hits = delimiter, hits
    return best


def read_rows(data):
    """``[(line number, {column: value})]`` of a CSV file; ImportFileError if unreadable."""
    text = decode_file(data)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), None)
    if header_line is None:
        raise ImportFileError(_("import_error_empty", default="The file is empty."))
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(header_line))
    header = None
    rows = []
    try:
        for record in reader:
            if not any(value.strip() for value in record):
                continue
            if header is None:
                header = [name.strip().lower() for name in record]
                missing = [column for column in COLUMNS if column not in header]
                if missing:
                    raise ImportFileError(
                        _(
                            "import_error_columns",
                            default="The header row lacks the columns ${missing}: "
                            "the first row must name the columns ${columns}.",
                            mapping={
                                "missing": ", ".join(missing),
                                "columns": ", ".join(COLUMNS),
                            },
                        )
                    )
                continue
            values = dict.fromkeys(header, "")
            extra = record[len(header) :]
            for name, value in zip(header, record, strict=False):
                values[name] = value.strip()
            if any(value.strip() for value in extra):
                values[None] = extra
            rows.append((reader.line_num, values))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(
                    _(
                        "import_error_too_many_rows",
                        default="The file has more than ${max} rows: split it.",
                        mapping={"max": MAX_ROWS},
                    )
                )
    except csv.Error as error:
        raise ImportFileError(
            _(
                "import_error_csv",
                default="The file is not valid CSV near line ${line}: ${error}",
                mapping={"line": reader.line_num, "error": str(error)},
            )
        ) from error
    if not rows:
        raise ImportFileError(
            _("import_error_no_rows", default="The file has a header row but no users.")
        )
    return rows


# Validating ---------------------------------------------------------------------


def parse_territory(value):
    """``(kind, ISTAT code)`` of a Province (sigla or code) or a Comune (code), or None.

    Spreadsheets drop leading zeros, so "4" is Cuneo (004) and "4078" is Cuneo's
    Comune 004078.
    """
    value = value.strip()
    if value.isdigit():
        if len(value) <= 3:
            code = value.zfill(3)
            return (membership.PROVINCE_STAFF, code) if territories.province(code) else None
        if len(value) <= 6:
            code = value.zfill(6)
            return (membership.COMUNE_STAFF, code) if territories.comune(code) else None
        return None
    sigla = value.upper()
    for province in territories.provinces():
        if province.sigla == sigla:
            return (membership.PROVINCE_STAFF, province.istat_code)
    return None


class _Communities:
    """Communities by id, from /province/<id> and /reti-tematiche/<id>."""

    def __init__(self, portal):
        self.portal = portal
        self._cache = {}

    def get(self, community_id):
        if community_id not in self._cache:
            found = None
            for section_id in COMMUNITY_SECTIONS:
                section = self.portal.get(section_id)
                candidate = section.get(community_id) if section is not None else None
                if candidate is not None and candidate.portal_type in (
                    "ProvinceCommunity",
                    "ThematicCommunity",
                ):
                    found = candidate
                    break
            self._cache[community_id] = found
        return self._cache[community_id]


def _users_by_email(portal):
    """``{lowercase email: [userid]}`` read once per import (one pass over the properties)."""
    index = {}
    plugin = portal.acl_users.get("mutable_properties")
    if plugin is None:
        return index
    for info in plugin.enumerateUsers():
        email = (info.get("email") or "").strip().lower()
        if email:
            index.setdefault(email, []).append(info["id"])
    return index


def _parse_roles(value, plan, communities):
    seen = {}
    for entry in (e.strip() for e in re.split(r"[;|]", value)):
        if not entry:
            continue
        community_id, sep, role_id = (part.strip() for part in entry.partition(":"))
        if not sep or not community_id or not role_id:
            plan.errors.append(
                RowError(
                    "ruoli",
                    _(
                        "import_error_role_syntax",
                        default="'${entry}' is not 'community:role' (e.g. cuneo:redattore).",
                        mapping={"entry": entry},
                    ),
                )
            )
            continue
        community = communities.get(community_id.lower())
        if community is None:
            plan.errors.append(
                RowError(
                    "ruoli",
                    _(
                        "import_error_unknown_community",
                        default="Unknown community '${community}': use the id in its "
                        "address, as in /province/cuneo or /reti-tematiche/<id>.",
                        mapping={"community": community_id},
                    ),
                )
            )
            continue
        role_id = role_id.lower()
        if role_id not in ROLES_BY_ID:
            plan.errors.append(
                RowError(
                    "ruoli",
                    _(
                        "import_error_unknown_role",
                        default="Unknown role '${role}' for '${community}': use one of ${known}.",
                        mapping={
                            "role": role_id,
                            "community": community_id,
                            "known": ", ".join(ROLES_BY_ID),
                        },
                    ),
                )
            )
            continue
        if community.getId() in seen and seen[community.getId()] != role_id:
            plan.errors.append(
                RowError(
                    "ruoli",
                    _(
                        "import_error_two_roles",
                        default="Two roles for '${community}': give one role per community.",
                        mapping={"community": community_id},
                    ),
                )
            )
            continue
        if community.getId() not in seen:
            seen[community.getId()] = role_id
            plan.roles.append((community, role_id))


def _new_login(email, taken, use_email_as_login, registration):
    if use_email_as_login:
        return email
    base = re.sub(r"[^a-z0-9._-]+", "", email.split("@", 1)[0].lower()).strip("._-")
    base = base if len(base) >= 2 else f"utente-{base}".rstrip("-")
    candidate, counter = base, 1
    while candidate in taken or not registration.isMemberIdAllowed(candidate):
        counter += 1
        candidate = f"{base}{counter}"
    return candidate


def _plan_changes(plan):
    """What importing a valid row changes; appends row errors it discovers (last Coordinatore)."""
    if plan.userid is None:
        plan.changes.append(
            _("import_change_created", default="new user '${login}'", mapping={"login": plan.login})
        )
    current_affiliation = membership.affiliation_of(plan.userid) if plan.userid else None
    if plan.territory and (
        current_affiliation is None
        or (current_affiliation["kind"], current_affiliation["code"]) != plan.territory
    ):
        plan.changes.append(
            _(
                "import_change_territory",
                default="works for ${territory}",
                mapping={"territory": territory_title(plan.territory)},
            )
        )
    for community, role_id in plan.roles:
        current = membership.role_of(community, plan.userid) if plan.userid else None
        if current == role_id:
            continue
        if current is None:
            plan.changes.append(
                _(
                    "import_change_member",
                    default="${role} in ${community}",
                    mapping={"role": role_id, "community": community.Title()},
                )
            )
            continue
        if current == "coordinatore" and _only_coordinator(community, plan.userid):
            plan.errors.append(
                RowError(
                    "ruoli",
                    _(
                        "import_error_last_coordinator",
                        default="${email} is the only Coordinatore of '${community}': "
                        "name another Coordinatore first.",
                        mapping={"email": plan.email, "community": community.getId()},
                    ),
                )
            )
            continue
        plan.changes.append(
            _(
                "import_change_role",
                default="${community}: ${old} → ${role}",
                mapping={"community": community.Title(), "old": current, "role": role_id},
            )
        )


def _only_coordinator(community, userid):
    coordinators = [
        m["userid"] for m in membership.list_members(community) if m["role"] == "coordinatore"
    ]
    return coordinators == [userid]


def territory_title(territory):
    kind, code = territory
    if kind == membership.PROVINCE_STAFF:
        return f"Provincia di {territories.province(code).name}"
    return f"Comune di {territories.comune(code).name}"


def plan_import(data, portal=None):
    """Read and validate a whole file; writes nothing. ImportFileError for file-level errors."""
    portal = portal or api.portal.get()
    rows = read_rows(data)
    communities = _Communities(portal)
    by_email = _users_by_email(portal)
    use_email_as_login = api.portal.get_registry_record("plone.use_email_as_login", default=False)
    registration = api.portal.get_tool("portal_registration")
    first_row_of = {}
    taken_logins = set()
    plans = []
    for number, values in rows:
        plan = RowPlan(row=number)
        plans.append(plan)
        if None in values:
            plan.errors.append(
                RowError(
                    "ruoli",
                    _(
                        "import_error_extra_fields",
                        default="More fields than columns: separate the roles with '|' "
                        "or quote the 'ruoli' field.",
                    ),
                )
            )
        plan.fullname = " ".join(values["nome"].split())
        if not plan.fullname:
            plan.errors.append(
                RowError("nome", _("import_error_no_name", default="The name is missing."))
            )
        plan.email = values["email"].strip().lower()
        if not plan.email:
            plan.errors.append(
                RowError("email", _("import_error_no_email", default="The email is missing."))
            )
        else:
            try:
                checkEmailAddress(plan.email)
            except EmailAddressInvalid:
                plan.errors.append(
                    RowError(
                        "email",
                        _(
                            "import_error_email",
                            default="'${email}' is not a valid email address.",
                            mapping={"email": values["email"]},
                        ),
                    )
                )
            else:
                if plan.email in first_row_of:
                    plan.errors.append(
                        RowError(
                            "email",
                            _(
                                "import_error_duplicate_email",
                                default="'${email}' is already on row ${row}.",
                                mapping={"email": plan.email, "row": first_row_of[plan.email]},
                            ),
                        )
                    )
                else:
                    first_row_of[plan.email] = number
        if values["ente"]:
            plan.territory = parse_territory(values["ente"])
            if plan.territory is None:
                plan.errors.append(
                    RowError(
                        "ente",
                        _(
                            "import_error_territory",
                            default="Unknown territory '${value}': give a Province's sigla "
                            "(CN) or ISTAT code (004), or a Comune's ISTAT code (004078).",
                            mapping={"value": values["ente"]},
                        ),
                    )
                )
        _parse_roles(values["ruoli"], plan, communities)
        if plan.errors:
            continue
        matches = by_email.get(plan.email, [])
        if len(matches) > 1:
            plan.errors.append(
                RowError(
                    "email",
                    _(
                        "import_error_ambiguous_email",
                        default="Several users have the email '${email}': ${users}.",
                        mapping={"email": plan.email, "users": ", ".join(sorted(matches))},
                    ),
                )
            )
            continue
        if matches:
            plan.userid = matches[0]
        else:
            plan.login = _new_login(plan.email, taken_logins, use_email_as_login, registration)
            taken_logins.add(plan.login)
        _plan_changes(plan)
    for plan in plans:
        if plan.errors:
            plan.status = REJECTED
        elif plan.userid is None:
            plan.status = CREATED
        else:
            plan.status = UPDATED if plan.changes else UNCHANGED
    return ImportResult(rows=plans)


# Writing ----------------------------------------------------------------------------


class MailNotConfigured(ImportFileError):
    pass


def check_mail_configured():
    if not api.portal.get_registry_record("plone.email_from_address", default=None):
        raise MailNotConfigured(
            _(
                "import_error_mail_not_configured",
                default="The site cannot send email yet (no sender address in the mail "
                "settings): configure it, or import without welcome emails.",
            )
        )


def _apply_row(plan, actor):
    if plan.userid is None:
        user = api.user.create(
            email=plan.email,
            username=plan.login,
            password=secrets.token_urlsafe(32),
            properties={"fullname": plan.fullname},
        )
        plan.userid = user.getId()
    if plan.territory:
        current = membership.affiliation_of(plan.userid)
        if current is None or (current["kind"], current["code"]) != plan.territory:
            membership.set_affiliation(plan.userid, *plan.territory)
    for community, role_id in plan.roles:
        current = membership.role_of(community, plan.userid)
        if current is None:
            membership.add_member(community, plan.userid, role_id, by=actor)
        elif current != role_id:
            membership.change_role(community, plan.userid, role_id, by=actor)


def apply_import(result, valid_only=False, send_welcome=True, actor=None):
    """Write a planned import; returns the result with ``applied`` set.

    With invalid rows and not ``valid_only``, writes nothing. Welcome emails go
    through the MailHost queue, so they leave only if the transaction commits.
    """
    if result.has_errors and not valid_only:
        return result
    to_create = [plan for plan in result.rows if plan.status == CREATED]
    if send_welcome and to_create:
        check_mail_configured()
    actor = actor or api.user.get_current().getId()
    for plan in result.rows:
        if plan.status in (CREATED, UPDATED):
            _apply_row(plan, actor)
    if send_welcome:
        for plan in to_create:
            send_welcome_email(plan)
    result.applied = True
    return result


def import_users(data, valid_only=False, dry_run=False, send_welcome=True, actor=None):
    """Plan, then (unless ``dry_run``) apply; ImportFileError for file-level errors."""
    result = plan_import(data)
    if dry_run:
        return result
    return apply_import(result, valid_only=valid_only, send_welcome=send_welcome, actor=actor)


# The welcome email ------------------------------------------------------------------


def _language():
    return api.portal.get_default_language() or "it"


def tr(message, language=None):
    return translate(message, target_language=language or _language())


def welcome_message(plan):
    portal = api.portal.get()
    reset_tool = api.portal.get_tool("portal_password_reset")
    reset = reset_tool.requestReset(plan.userid)
    user = api.user.get(userid=plan.userid)
    login = user.getUserName()
    reset_url = (
        f"{portal.absolute_url()}/passwordreset/{reset['randomstring']}"
        f"?{urlencode({'userid': login})}"
    )
    site_title = api.portal.get_registry_record("plone.site_title", default="") or portal.Title()
    expires = reset["expires"].strftime("%d/%m/%Y %H:%M")
    lines = [
        tr(_("welcome_greeting", default="Hello ${name},", mapping={"name": plan.fullname})),
        "",
        tr(
            _(
                "welcome_account",
                default="an account has been created for you on ${site}. Your username is: "
                "${login}",
                mapping={"site": site_title, "login": login},
            )
        ),
        "",
    ]
    if plan.roles:
        lines.append(tr(_("welcome_communities", default="You are a member of:")))
        for community, role_id in plan.roles:
            role = tr(ROLES_BY_ID[role_id].title)
            lines.append(f"- {community.Title()} ({role}): {community.absolute_url()}")
        lines.append("")
    lines += [
        tr(
            _(
                "welcome_set_password",
                default="Choose your password by following this link before ${expires}:",
                mapping={"expires": expires},
            )
        ),
        reset_url,
        "",
        tr(
            _(
                "welcome_expired",
                default="If the link has expired, ask for a new one with 'Forgot your "
                "password?' on the login page.",
            )
        ),
    ]
    subject = tr(
        _("welcome_subject", default="Your account on ${site}", mapping={"site": site_title})
    )
    return make_email(subject, (plan.fullname, plan.email), "\n".join(lines))


def send_welcome_email(plan):
    message = welcome_message(plan)
    api.portal.get_tool("MailHost").send(message, immediate=False)


# Command line -------------------------------------------------------------------------

STATUS_WORDS = {
    CREATED: "creato",
    UPDATED: "aggiornato",
    UNCHANGED: "invariato",
    REJECTED: "scartato",
}


def command_line(argv, out):
    """``scripts/import_users.py``: import a file, print the report; returns the exit code.

    0 when the import was written (or the dry run found no error), 1 when rows
    have errors and nothing was written, 2 for a file-level error.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="zconsole run instance/etc/zope.conf scripts/import_users.py",
        description="Importa utenti da un file CSV (colonne nome, email, ente, ruoli).",
    )
    parser.add_argument("file", help="il file CSV")
    parser.add_argument("--solo-valide", action="store_true", help="importa solo le righe valide")
    parser.add_argument("--prova", action="store_true", help="anteprima: non scrive nulla")
    parser.add_argument(
        "--senza-email", action="store_true", help="non inviare l'email di benvenuto"
    )
    args = parser.parse_args(argv)
    with open(args.file, "rb") as stream:
        data = stream.read()
    language = _language()
    try:
        result = import_users(
            data,
            valid_only=args.solo_valide,
            dry_run=args.prova,
            send_welcome=not args.senza_email,
        )
    except ImportFileError as error:
        print(f"ERRORE: {tr(error.message, language)}", file=out)
        return 2
    for plan in result.rows:
        details = [f"{e.field}: {tr(e.message, language)}" for e in plan.errors]
        details += [tr(change, language) for change in plan.changes]
        print(
            f"riga {plan.row}\t{plan.email}\t{STATUS_WORDS[plan.status]}\t{'; '.join(details)}",
            file=out,
        )
    summary = ", ".join(f"{STATUS_WORDS[s]} {n}" for s, n in result.summary.items())
    if args.prova:
        print(f"Anteprima (nulla è stato scritto): {summary}", file=out)
        return 1 if result.has_errors else 0
    if not result.applied:
        print(
            f"Nulla è stato importato: {summary}. Correggi gli errori o usa --solo-valide.",
            file=out,
        )
        return 1
    print(f"Importazione completata: {summary}", file=out)
    return 0
