"""Who may do what in Province A's community: every cell of the matrix, over HTTP.

(principal) x (community visibility) x (content state) x (action). The expected
answer of each cell comes from the rule table below, written from the access model
(issue 3), never from asking Plone; the test then asks the running server.
"""

from conftest import PASSWORD
from conftest import PROVINCE_A
from conftest import SECRET
from conftest import VISIBILITY_LAYERS
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

import itertools
import pytest
import requests


# Principals -------------------------------------------------------------------
# principal -> (login, how Province A's community sees them)
#   "member:<role>"  member of Province A's community with that community role
#   "upi"            UPI coordination: reads every community
#   "outsider"       logged in, but nothing in Province A: a member of Province B,
#                    a reviewer of good practices, the staff of a Comune of Province A
#                    (nothing is shared with Comuni yet), a user with no community
#   "anonymous"      not logged in
PRINCIPALS = {
    "coordinatore": ("a-coordinatore", "member:coordinatore"),
    "redattore": ("a-redattore", "member:redattore"),
    "collaboratore": ("a-collaboratore", "member:collaboratore"),
    "lettore": ("a-lettore", "member:lettore"),
    "membro-provincia-b": ("b-membro", "outsider"),
    "upi": ("upi", "upi"),
    "revisore": ("revisore", "outsider"),
    "personale-comune-a": ("comune-a", "outsider"),
    "non-membro": ("esterno", "outsider"),
    "anonimo": (None, "anonymous"),
}
VISIBILITIES = ("private", "internal", "public")
CONTENT_STATES = ("private", "published")
ACTIONS = ("view", "list", "edit", "delete", "download", "manage_members")

# The rule table ----------------------------------------------------------------
# Published content is read by whoever may read the community, by its visibility:
READS_PUBLISHED_IN = {
    "member": {"private", "internal", "public"},
    "upi": {"private", "internal", "public"},
    "outsider": {"internal", "public"},
    "anonymous": {"public"},
}
# Content in the private state (a draft) is read by the community's editors only
# (and its author: the content here belongs to the site owner, not to a principal).
READS_DRAFTS = {"member:coordinatore", "member:redattore"}
# Editing and deleting are for the editors, whatever the visibility or the state
# (a Collaboratore edits only their own content).
EDITS = {"member:coordinatore", "member:redattore"}
DELETES = {"member:coordinatore", "member:redattore"}
# Managing members is the Coordinatore's.
MANAGES_MEMBERS = {"member:coordinatore"}


def expected(principal, visibility, state, action):
    """True if the principal may do the action, by the rule table."""
    who = PRINCIPALS[principal][1]
    audience = who.split(":")[0]
    if action in ("view", "list", "download"):
        if state == "private":
            return who in READS_DRAFTS
        return visibility in READS_PUBLISHED_IN[audience]
    if action == "edit":
        return who in EDITS
    if action == "delete":
        return who in DELETES
    if action == "manage_members":
        return who in MANAGES_MEMBERS
    raise AssertionError(action)


CELLS = list(itertools.product(PRINCIPALS, CONTENT_STATES, ACTIONS))
CELL_IDS = ["-".join(cell) for cell in CELLS]


# How each action is tried over HTTP --------------------------------------------
JSON = {"Accept": "application/json"}


def _denied(response):
    """Plone's refusals: 401/403, or the classic UI's redirect to the login form."""
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and "require_login" in response.headers["location"]


def _community(site):
    return f"{site}/province/{PROVINCE_A}"


def try_view(session, site, state):
    response = session.get(f"{_community(site)}/pagina-{state}", allow_redirects=False)
    if response.status_code == 200:
        assert f"{SECRET} pagina" in response.text
        return True
    assert _denied(response), response.status_code
    assert SECRET not in response.text
    return False


def try_list(session, site, state):
    """Found by @search and listed in the community's items: both or neither."""
    url = f"{_community(site)}/pagina-{state}"
    response = session.get(
        f"{site}/@search",
        params={"SearchableText": SECRET, "portal_type": "Document", "b_size": 100},
        headers=JSON,
    )
    assert response.status_code == 200
    found = url in {item["@id"] for item in response.json()["items"]}
    response = session.get(_community(site), headers=JSON)
    if response.status_code == 200:
        listed = url in {item["@id"] for item in response.json()["items"]}
    else:
        assert _denied(response), response.status_code
        listed = False
    assert found == listed, f"found by @search: {found}, listed in the folder: {listed}"
    return found


def try_edit(session, site, state):
    url = f"{_community(site)}/pagina-{state}"
    response = session.patch(url, json={"title": "Titolo cambiato"}, headers=JSON)
    if response.status_code == 204:
        return True
    assert _denied(response), response.status_code
    return False


def try_delete(session, site, state):
    response = session.delete(f"{_community(site)}/pagina-{state}", headers=JSON)
    if response.status_code == 204:
        return True
    assert _denied(response), response.status_code
    return False


def try_download(session, site, state):
    response = session.get(
        f"{_community(site)}/allegato-{state}/@@download/file", allow_redirects=False
    )
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF-1.4 " + SECRET.encode())
        return True
    assert _denied(response), response.status_code
    assert SECRET.encode() not in response.content
    return False


def members_service_exists(site):
    """The REST ``@members`` service (issue 3, point 5) answers on a community."""
    owner = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    response = requests.get(f"{_community(site)}/@members", headers=JSON, auth=owner, timeout=30)
    return response.status_code != 404


VISIBILITY_TRANSITIONS = {"make_private", "make_internal", "make_public"}


def try_manage_members(session, site, state):
    """POST a new member to ``@members``; until that service exists, the same
    permission ("provincecomuni: Manage community") is read from the visibility
    transitions that ``@workflow`` offers on the community (they are guarded by it)."""
    if MEMBERS_SERVICE["exists"]:
        response = session.post(
            f"{_community(site)}/@members",
            json={"userid": "esterno", "role": "lettore"},
            headers=JSON,
        )
        if response.status_code in (200, 201, 204):
            return True
        assert _denied(response), response.status_code
        return False
    response = session.get(f"{_community(site)}/@workflow", headers=JSON)
    if response.status_code != 200:
        assert _denied(response), response.status_code
        return False
    offered = {t["@id"].rsplit("/", 1)[-1] for t in response.json()["transitions"]}
    return bool(offered & VISIBILITY_TRANSITIONS)


TRY = {
    "view": try_view,
    "list": try_list,
    "edit": try_edit,
    "delete": try_delete,
    "download": try_download,
    "manage_members": try_manage_members,
}
MEMBERS_SERVICE = {"exists": None}


@pytest.fixture(scope="module", autouse=True)
def _detect_members_service(site_url):
    MEMBERS_SERVICE["exists"] = members_service_exists(site_url)


@pytest.mark.parametrize(("principal", "state", "action"), CELLS, ids=CELL_IDS)
def test_cell(visibility, server, principal, state, action):
    login = PRINCIPALS[principal][0]
    session = requests.Session()
    if login:
        session.auth = (login, PASSWORD)
    want = expected(principal, visibility, state, action)
    got = TRY[action](session, server, state)
    verb = "may" if want else "may not"
    assert got == want, f"{principal} {verb} {action} {state} content, community {visibility}"


def test_the_matrix_has_every_cell():
    # 10 principals x 3 visibilities x 2 content states x 6 actions
    assert len(VISIBILITIES) * len(CELLS) == 360
    assert set(ACTIONS) == set(TRY)
    assert tuple(VISIBILITY_LAYERS) == VISIBILITIES
