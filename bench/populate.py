"""Create and fill the two sites of the benchmark (``bash bench/run.sh``, see README).

Run inside Zope by ``zconsole run bench/instance/etc/zope.conf bench/populate.py``,
which makes ``app`` available. In the one database of the benchmark instance:

- ``stock``: stock Plone 6.2 classic; a published folder ``province`` holding 76
  published folders (the ids and titles of our communities);
- ``pc``: our site (``ensure_site``), its 76 Province communities made public.

Each of the 152 folders gets ``BENCH_DOCS`` (default 130) published Documents, the
same in both sites.

Two more sites measure what members see (issue 3: listing a community's members,
``@search`` as a member of one Province with 76 communities present):

- ``pc-members``: our site with its 76 communities PRIVATE (the default), each with
  ``BENCH_MEMBER_DOCS`` (default 40) Documents published to the community's members;
  ``cuneo`` (``BENCH_COMMUNITY``) has ``BENCH_MEMBERS`` (default 300) members with
  mixed roles (added with ``membership.api.add_member``), among them
  ``coordinatore-cuneo`` and ``lettore-cuneo`` (Lettore of that community only);
  every other community has one Coordinatore;
- ``stock-members``: the stock Plone equivalent: 76 private folders with the same
  Documents, private; one group per folder (``membri-<folder>``) with the local role
  Reader on its folder, holding the same users; a Site Administrator
  ``amministratore-sito`` to list a group's members.

Only what is missing is created: a re-run reuses the data, and an interrupted run
resumes where it stopped.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from contextlib import contextmanager
from plone import api
from plone.app.textfield.value import RichTextValue
from Products.CMFPlone.factory import addPloneSite
from provincecomuni.domain import territories
from provincecomuni.setuphandlers.site import ensure_admin
from provincecomuni.setuphandlers.site import ensure_site
from provincecomuni.setuphandlers.structure import province_community_id
from provincecomuni.setuphandlers.structure import PROVINCE_SECTION
from zope.component.hooks import setSite

import os
import time
import transaction


STOCK_SITE = "stock"
PC_SITE = "pc"
STOCK_MEMBERS_SITE = "stock-members"
PC_MEMBERS_SITE = "pc-members"
COMMIT_EVERY = 500

# Stock Plone 6.2 classic, as the Plone site form creates it, plus plone.restapi
# (our profile brings it too, so both sites answer the same REST calls).
STOCK_PROFILES = (
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
)

# The words the benchmark searches for (bench/measure.py): each Document mentions one,
# so a search for one word in one community finds about a tenth of its Documents.
KEYWORDS = (
    "bilancio",
    "appalto",
    "ambiente",
    "scuole",
    "strade",
    "turismo",
    "cultura",
    "trasporti",
    "lavoro",
    "digitale",
)
KINDS = (
    "Delibera",
    "Determina",
    "Avviso pubblico",
    "Verbale",
    "Relazione",
    "Circolare",
    "Decreto",
    "Regolamento",
)
SENTENCES = (
    "La Provincia, sentiti i Comuni aderenti, approva il programma delle attività per "
    "l'anno in corso.",
    "Il servizio associato cura l'istruttoria e la pubblicazione degli atti nei termini "
    "previsti dalla normativa vigente.",
    "Gli uffici competenti verificano la copertura finanziaria e la coerenza con il "
    "documento unico di programmazione.",
    "Il presente atto è trasmesso ai Comuni interessati e pubblicato all'albo pretorio "
    "per quindici giorni consecutivi.",
    "La conferenza dei sindaci ha espresso parere favorevole nella seduta del mese scorso.",
    "Le risorse sono ripartite tra i Comuni in proporzione alla popolazione residente "
    "al primo gennaio.",
    "Il responsabile del procedimento è il dirigente del settore, che ne risponde agli "
    "organi di indirizzo.",
    "Si dà atto che il provvedimento non comporta nuovi oneri a carico delle casse provinciali.",
)


def doc_id(number):
    return f"documento-{number:04d}"


def doc_fields(province, number):
    keyword = KEYWORDS[number % len(KEYWORDS)]
    kind = KINDS[number % len(KINDS)]
    sentences = " ".join(SENTENCES[(number + k) % len(SENTENCES)] for k in range(4))
    html = (
        f"<p>{kind} n. {number} della Provincia di {province.name} in materia di "
        f"{keyword}. {sentences} Per informazioni sul tema {keyword} rivolgersi agli "
        f"uffici della Provincia di {province.name} ({province.sigla}).</p>"
    )
    return {
        "title": f"{kind} n. {number}/2025: {keyword} ({province.name})",
        "description": (
            f"{kind} della Provincia di {province.name} sul tema {keyword}, condiviso con "
            f"i Comuni della {province.region}."
        ),
        "text": RichTextValue(html, "text/html", "text/x-html-safe"),
    }


class Loader:
    """Counts what it creates, commits every COMMIT_EVERY items and reports the rate."""

    def __init__(self, label):
        self.label = label
        self.created = 0
        self.pending = 0
        self.started = time.monotonic()

    def created_one(self):
        self.created += 1
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.commit()
            elapsed = time.monotonic() - self.started
            say(
                f"  {self.label}: {self.created} items in {elapsed:.0f} s "
                f"({self.created / elapsed:.1f} items/s)"
            )

    def commit(self):
        if self.pending:
            transaction.commit()
            self.pending = 0

    def finish(self):
        self.commit()
        elapsed = time.monotonic() - self.started
        rate = self.created / elapsed if elapsed else 0.0
        say(f"  {self.label}: created {self.created} items in {elapsed:.0f} s ({rate:.1f}/s)")


def say(message):
    print(message, flush=True)


def publish(obj, transition):
    if api.content.get_state(obj, default=None) != "published" and transition:
        api.content.transition(obj=obj, transition=transition)


@contextmanager
def versioning_disabled(type_name):
    """No automatic initial version of ``type_name`` while loading (done in both sites).

    The setting is restored afterwards, so the pages measured are those of a site
    with versioning on; only the bulk-loaded Documents have no first version.
    """
    repository = api.portal.get_tool("portal_repository")
    types = list(repository.getVersionableContentTypes())
    if type_name not in types:
        yield
        return
    repository.setVersionableContentTypes([t for t in types if t != type_name])
    try:
        yield
    finally:
        repository.setVersionableContentTypes(types)
        transaction.commit()


def fill(folders, n_docs, label, transition="publish"):
    """Create the missing Documents ``documento-0001``... in each (folder, province).

    Each is then moved by ``transition`` (None: left in its initial, private state).
    """
    loader = Loader(label)
    with versioning_disabled("Document"):
        for folder, province in folders:
            existing = set(folder.objectIds())
            for number in range(1, n_docs + 1):
                if doc_id(number) in existing:
                    continue
                doc = api.content.create(
                    container=folder,
                    type="Document",
                    id=doc_id(number),
                    safe_id=False,
                    **doc_fields(province, number),
                )
                if transition:
                    api.content.transition(obj=doc, transition=transition)
                loader.created_one()
        loader.finish()
    return loader


def stock_folders(site, public=True):
    """The ``province`` folder and its 76 folders, published (``public``) or private."""
    if PROVINCE_SECTION not in site.objectIds():
        api.content.create(
            container=site,
            type="Folder",
            id=PROVINCE_SECTION,
            title="Province",
            description="Le community delle 76 Province delle regioni a statuto ordinario.",
            safe_id=False,
        )
    section = site[PROVINCE_SECTION]
    publish(section, "publish")
    folders = []
    for province in territories.provinces():
        item_id = province_community_id(province)
        if item_id not in section.objectIds():
            api.content.create(
                container=section,
                type="Folder",
                id=item_id,
                title=province.name,
                description=f"Community della Provincia di {province.name} ({province.region}).",
                safe_id=False,
            )
        folder = section[item_id]
        if public:
            publish(folder, "publish")
        folders.append((folder, province))
    transaction.commit()
    return folders


def pc_folders(site):
    """Our 76 Province communities, made public."""
    section = site[PROVINCE_SECTION]
    folders = []
    for province in territories.provinces():
        community = section[province_community_id(province)]
        if api.content.get_state(community, default=None) != "public":
            api.content.transition(obj=community, transition="make_public")
        folders.append((community, province))
    transaction.commit()
    return folders


def ensure_stock_site(app, site_id):
    if site_id in app.objectIds():
        return app[site_id], False
    site = addPloneSite(
        app,
        site_id,
        title="Stock Plone",
        default_language="it",
        extension_ids=STOCK_PROFILES,
    )
    return site, True


# Members (issue 3) -----------------------------------------------------------------

FIRST_NAMES = (
    "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Andrea",
    "Elena", "Matteo", "Valentina", "Davide", "Martina", "Simone", "Federica", "Paolo",
    "Silvia", "Stefano", "Laura", "Giovanni",
)  # fmt: skip
LAST_NAMES = (
    "Rossi", "Bianchi", "Ferrero", "Gallo", "Bruno", "Costa", "Giordano", "Rinaldi",
    "Marino", "Greco", "Conti", "Barbero", "Fontana", "Moretti", "Ricci", "Galli",
    "Rosso", "Lombardi", "Testa", "Serra", "Bertola", "Olivero", "Chiesa",
)  # fmt: skip
COORDINATOR_PREFIX = "coordinatore-"
READER_PREFIX = "lettore-"
SITE_ADMIN = "amministratore-sito"


def member_role(number):
    """The community role of ``socio-<number>``: about 4% Coordinatori, 20% Redattori,
    40% Collaboratori, the rest Lettori."""
    if number % 25 == 0:
        return "coordinatore"
    return {1: "redattore", 2: "collaboratore", 3: "collaboratore"}.get(number % 5, "lettore")


def member_users(community_id, n_members):
    """(userid, full name, community role) of the members of ``community_id``."""
    users = [
        (f"{COORDINATOR_PREFIX}{community_id}", f"Coordinatore {community_id}", "coordinatore"),
        (f"{READER_PREFIX}{community_id}", f"Lettore {community_id}", "lettore"),
    ]
    for number in range(1, n_members + 1):
        name = (
            f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[(number * 7) % len(LAST_NAMES)]}"
        )
        users.append((f"socio-{number:04d}", name, member_role(number)))
    return users


def rosters(folders, community_id, n_members):
    """{folder id: [(userid, full name, role)]}: many members in ``community_id``, one
    Coordinatore in every other community."""
    result = {}
    for folder, _province in folders:
        folder_id = folder.getId()
        if folder_id == community_id:
            result[folder_id] = member_users(folder_id, n_members)
        else:
            result[folder_id] = [
                (f"{COORDINATOR_PREFIX}{folder_id}", f"Coordinatore {folder_id}", "coordinatore")
            ]
    return result


def ensure_user(userid, fullname, password, roles=()):
    if api.user.get(userid=userid) is not None:
        return False
    api.user.create(
        username=userid,
        email=f"{userid}@example.org",
        password=password,
        roles=list(roles),
        properties={"fullname": fullname},
    )
    return True


def pc_members(site, folders, community_id, n_members, password):
    """The rosters, through the product's own API (as the @members service does)."""
    from provincecomuni.membership import api as membership

    created = added = 0
    for folder_id, users in rosters(folders, community_id, n_members).items():
        community = site[PROVINCE_SECTION][folder_id]
        for userid, fullname, role in users:
            created += ensure_user(userid, fullname, password)
            if not membership.is_member(community, userid):
                membership.add_member(community, userid, role)
                added += 1
        transaction.commit()
    say(f"{site.getId()}: {created} users created, {added} members added")


def group_of(folder_id):
    return f"membri-{folder_id}"


def stock_members(site, folders, community_id, n_members, password):
    """Stock Plone's equivalent: a group per folder, local role Reader on the folder."""
    created = added = 0
    created += ensure_user(SITE_ADMIN, "Amministratore del sito", password, ["Site Administrator"])
    for folder_id, users in rosters(folders, community_id, n_members).items():
        group_id = group_of(folder_id)
        if api.group.get(groupname=group_id) is None:
            api.group.create(groupname=group_id, title=f"Membri {folder_id}")
        folder = site[PROVINCE_SECTION][folder_id]
        if "Reader" not in dict(folder.get_local_roles()).get(group_id, ()):
            folder.manage_setLocalRoles(group_id, ["Reader"])
            folder.reindexObjectSecurity()
        in_group = {user.getId() for user in api.user.get_users(groupname=group_id)}
        for userid, fullname, _role in users:
            created += ensure_user(userid, fullname, password)
            if userid not in in_group:
                api.group.add_user(groupname=group_id, username=userid)
                added += 1
        transaction.commit()
    say(f"{site.getId()}: {created} users created, {added} group memberships added")


def pc_private_folders(site):
    """Our 76 Province communities, private (the state a new community has)."""
    section = site[PROVINCE_SECTION]
    folders = []
    for province in territories.provinces():
        community = section[province_community_id(province)]
        if api.content.get_state(community, default=None) != "private":
            api.content.transition(obj=community, transition="make_private")
        folders.append((community, province))
    transaction.commit()
    return folders


def populate(app, site_id, n_docs):
    started = time.monotonic()
    if site_id in (STOCK_SITE, STOCK_MEMBERS_SITE):
        site, created = ensure_stock_site(app, site_id)
    else:
        site, created = ensure_site(app, site_id)
    setSite(site)
    if created:
        transaction.commit()
        say(f"{site_id}: site created in {time.monotonic() - started:.1f} s")
    else:
        say(f"{site_id}: site exists, adding only what is missing")
    community_id = os.environ.get("BENCH_COMMUNITY", "cuneo")
    n_members = int(os.environ.get("BENCH_MEMBERS", "300"))
    password = os.environ.get("BENCH_USER_PASSWORD", "bench-password")
    if site_id == STOCK_SITE:
        folders = stock_folders(site)
        loader = fill(folders, n_docs, site_id)
    elif site_id == PC_SITE:
        folders = pc_folders(site)
        loader = fill(folders, n_docs, site_id)
    elif site_id == STOCK_MEMBERS_SITE:
        # Groups and local roles first: the Documents are indexed once, with them.
        folders = stock_folders(site, public=False)
        stock_members(site, folders, community_id, n_members, password)
        loader = fill(folders, n_docs, site_id, transition=None)
    else:
        folders = pc_private_folders(site)
        pc_members(site, folders, community_id, n_members, password)
        loader = fill(folders, n_docs, site_id)
    catalog = api.portal.get_tool("portal_catalog")
    documents = len(catalog.unrestrictedSearchResults(portal_type="Document"))
    say(f"{site_id}: {len(folders)} folders, {documents} Documents in the catalog")
    setSite(None)
    return loader


def main(app):
    # zconsole gives ``app`` wrapped in a request (makerequest) that is also the
    # global request, as Plone's code expects.
    n_docs = int(os.environ.get("BENCH_DOCS", "130"))
    n_member_docs = int(os.environ.get("BENCH_MEMBER_DOCS", "40"))
    user_name = os.environ.get("PC_ADMIN_USER", "admin")
    password = os.environ.get("PC_ADMIN_PASSWORD", "admin")
    if ensure_admin(app.acl_users, user_name, password, app.REQUEST):
        transaction.commit()
    newSecurityManager(None, app.acl_users.getUser(user_name).__of__(app.acl_users))
    say(
        f"Populating with {n_docs} Documents per folder, {n_member_docs} in the members' "
        f"sites (commit every {COMMIT_EVERY})."
    )
    started = time.monotonic()
    total = 0
    try:
        for site_id, count in (
            (STOCK_SITE, n_docs),
            (PC_SITE, n_docs),
            (STOCK_MEMBERS_SITE, n_member_docs),
            (PC_MEMBERS_SITE, n_member_docs),
        ):
            total += populate(app, site_id, count).created
    finally:
        noSecurityManager()
    elapsed = time.monotonic() - started
    say(f"Population done: {total} Documents created in {elapsed:.0f} s.")


main(app)  # noqa: F821 - ``app`` is given by zconsole
