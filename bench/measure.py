"""Measure the two benchmark sites over HTTP and write the report (``bash bench/run.sh``).

Subcommands (run.sh calls them in this order):

- ``port-free``: fail if something already answers on the benchmark port;
- ``wait``: wait until the server answers;
- ``measure``: time the same requests on each site, append the results to a JSON file;
- ``report``: the markdown tables (stdout and ``bench/results/latest.md``).
"""

from datetime import datetime
from datetime import UTC
from importlib import metadata
from pathlib import Path
from plone.i18n.normalizer import idnormalizer
from provincecomuni.domain import territories

import argparse
import contextlib
import gzip
import json
import math
import os
import platform
import requests
import socket
import statistics
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parent.parent

# Words that bench/populate.py puts in the Documents (one of its KEYWORDS each).
SEARCH_WORDS = ("bilancio", "appalto", "ambiente", "scuole", "strade")
DOCUMENT_ID = "documento-0001"

HTML = {"Accept": "text/html,application/xhtml+xml"}
JSON = {"Accept": "application/json"}
COMMON_HEADERS = {
    "Accept-Language": "it",
    # Bodies are measured as the server produces them, uncompressed; the report adds
    # the gzip size of the HTML pages for reference.
    "Accept-Encoding": "identity",
}


def community_ids():
    """The ids of the 76 folders, as populate.py makes them (``province_community_id``)."""
    return [idnormalizer.normalize(p.name, max_length=60) for p in territories.provinces()]


def cases(community, n_rotating, n_docs, n_sweep):
    """(key, title, list of paths under the site, headers, logged in)."""
    doc = f"province/{community}/{DOCUMENT_ID}"
    search = "@search?portal_type=Document&SearchableText={word}&b_size=25"
    ids = community_ids()
    rotating = [
        f"province/{ids[(7 * i) % len(ids)]}/" + search.format(word=SEARCH_WORDS[i % 5])
        for i in range(n_rotating)
    ]
    # Documents from every community in turn: more objects than a small ZODB cache holds.
    sweep = [
        f"province/{ids[i % len(ids)]}/documento-{(i // len(ids)) % n_docs + 1:04d}"
        for i in range(min(n_sweep, n_docs * len(ids)))
    ]
    return [
        ("root", "Site root (HTML)", [""], HTML, False),
        ("section", "Section `/province` (HTML)", ["province"], HTML, False),
        ("community", f"Community `{community}` (HTML)", [f"province/{community}"], HTML, False),
        ("document", "Document page (HTML)", [doc], HTML, False),
        ("rest_document", "Document, REST GET (JSON)", [doc], JSON, False),
        (
            "search",
            "`@search` in one community (JSON)",
            [f"province/{community}/" + search.format(word="bilancio")],
            JSON,
            False,
        ),
        (
            "search_rotating",
            "`@search`, a different community and word each time (JSON)",
            rotating,
            JSON,
            False,
        ),
        (
            "rest_sweep",
            f"Document, REST GET, {len(sweep):,} different Documents in turn (JSON)",
            sweep,
            JSON,
            False,
        ),
        (
            "community_admin",
            f"Community `{community}`, logged in as admin (HTML)",
            [f"province/{community}"],
            HTML,
            True,
        ),
    ]


# Issue 3: what members see, in the sites ``pc-members`` and ``stock-members``
# (bench/populate.py). Site -> the site holding its members' data.
MEMBERS_SITES = {"stock": "stock-members", "pc": "pc-members"}
MEMBERS_LIMIT = 10000  # "everything": stock Plone's listings are batched by 25


def member_cases(community):
    """(key, title, {site: (path, user)}, headers): the same question on both sites."""
    coordinator = f"coordinatore-{community}"
    reader = f"lettore-{community}"
    site_admin = "amministratore-sito"
    group = f"membri-{community}"
    search = "@search?portal_type=Document&SearchableText=bilancio&b_size=25"
    return [
        (
            "members_list",
            f"Members of `{community}`: pc `@members` (Coordinatore) vs stock "
            f"`@groups/{group}`, ids only (Site Administrator) (JSON)",
            {
                "pc": (f"province/{community}/@members", coordinator),
                "stock": (f"@groups/{group}?b_size={MEMBERS_LIMIT}", site_admin),
            },
            JSON,
        ),
        (
            "members_users",
            f"Members of `{community}` with names and e-mails: pc `@members` "
            f"(Coordinatore) vs stock `@users?groups-filter:list={group}` (Site "
            "Administrator) (JSON)",
            {
                "pc": (f"province/{community}/@members", coordinator),
                "stock": (
                    f"@users?groups-filter:list={group}&limit={MEMBERS_LIMIT}",
                    site_admin,
                ),
            },
            JSON,
        ),
        (
            "member_search",
            f"`@search` over the whole site as `{reader}`, 76 private communities (JSON)",
            dict.fromkeys(MEMBERS_SITES, (search, reader)),
            JSON,
        ),
        (
            "member_search_community",
            f"`@search` in `{community}` as `{reader}` (JSON)",
            dict.fromkeys(MEMBERS_SITES, (f"province/{community}/{search}", reader)),
            JSON,
        ),
    ]


def count_items(data):
    """Hits or members in a JSON answer: ``items_total``, or the members of a group."""
    if isinstance(data, dict):
        if "members" in data:  # @groups/<id>
            return data["members"].get("items_total")
        return data.get("items_total")
    return None


def percentile(values, fraction):
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timed_get(session, url, headers, auth):
    session.cookies.clear()
    started = time.perf_counter()
    response = session.get(url, headers=headers, auth=auth, timeout=120, allow_redirects=False)
    body = response.content
    return time.perf_counter() - started, response, body


def measure_case(session, base, site, paths, headers, auth, warmups, repeats):
    """Time the requests of one case, after warming up.

    One path: ``warmups`` requests, then ``repeats`` timed ones. Several paths (a
    different query each time): one round over all of them, then a timed round over
    all of them, so the timed round measures a server that has served these queries
    before, as a long-running one has (what stays in its ZODB cache is what counts);
    otherwise the site whose pages happened to load more of its catalog earlier in the
    run would win.
    """
    urls = [f"{base}/{site}/{path}".rstrip("/") for path in paths]
    warm = urls * warmups if len(urls) == 1 else urls
    timed = urls * repeats if len(urls) == 1 else urls
    times = []
    sizes = []
    statuses = set()
    sample = None
    for url in warm:
        _, response, _ = timed_get(session, url, {**COMMON_HEADERS, **headers}, auth)
        statuses.add(response.status_code)
    for url in timed:
        elapsed, response, body = timed_get(session, url, {**COMMON_HEADERS, **headers}, auth)
        statuses.add(response.status_code)
        times.append(elapsed * 1000)
        sizes.append(len(body))
        if sample is None:
            sample = (response, body)
    response, body = sample
    result = {
        "url": urls[0] if len(urls) == 1 else f"{len(urls)} URLs, first {urls[0]}",
        "statuses": sorted(statuses),
        "bytes": int(statistics.median(sizes)),
        "gzip_bytes": len(gzip.compress(body, 6)),
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "min_ms": min(times),
        "max_ms": max(times),
        "requests": len(timed),
    }
    if "json" in response.headers.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            result["items_total"] = count_items(response.json())
    return result


def document_count(session, base, site, auth=None, under=""):
    """Documents the catalog finds for ``auth`` (anonymous: None), in ``under``."""
    url = f"{base}/{site}/{under}@search?portal_type=Document&b_size=1"
    response = session.get(url, headers={**COMMON_HEADERS, **JSON}, auth=auth, timeout=120)
    response.raise_for_status()
    return response.json()["items_total"]


def cmd_measure(args):
    base = f"http://{args.host}:{args.port}"
    auth = (os.environ.get("PC_ADMIN_USER", "admin"), os.environ.get("PC_ADMIN_PASSWORD", "admin"))
    session = requests.Session()
    runs = {site: {} for site in args.site}
    all_cases = cases(args.community, args.requests, args.docs, args.sweep)
    # Case by case, site after site: both sites see the same server state.
    for key, title, paths, headers, logged_in in all_cases:
        for site in args.site:
            result = measure_case(
                session,
                base,
                site,
                paths,
                headers,
                auth if logged_in else None,
                args.warmups,
                args.requests,
            )
            result["title"] = title
            runs[site][key] = result
            print(
                f"  [{args.label}] {site:5} {title}: {result['bytes']:,} bytes, "
                f"median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
                f"HTTP {result['statuses']}",
                flush=True,
            )
    # Issue 3: the members' sites, same method.
    users_password = os.environ.get("BENCH_USER_PASSWORD", "bench-password")
    members = member_cases(args.community)
    for key, title, per_site, headers in members:
        for site in args.site:
            path, user = per_site[site]
            result = measure_case(
                session,
                base,
                MEMBERS_SITES[site],
                [path],
                headers,
                (user, users_password),
                args.warmups,
                args.requests,
            )
            result["title"] = title
            result["user"] = user
            runs[site][key] = result
            print(
                f"  [{args.label}] {MEMBERS_SITES[site]:13} {key}: {result['bytes']:,} bytes, "
                f"median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
                f"HTTP {result['statuses']}, items {result.get('items_total')}",
                flush=True,
            )
    data = json.loads(Path(args.out).read_text()) if Path(args.out).exists() else {"passes": []}
    data["passes"].append(
        {
            "label": args.label,
            "cache_size": args.cache_size,
            "sites": {
                site: {
                    "documents": document_count(session, base, site),
                    # In the 76 folders: all of them for admin, none for anonymous.
                    "member_documents": document_count(
                        session, base, MEMBERS_SITES[site], auth, "province/"
                    ),
                    "member_documents_anonymous": document_count(
                        session, base, MEMBERS_SITES[site], None, "province/"
                    ),
                    "cases": runs[site],
                }
                for site in args.site
            },
            "case_order": [key for key, *_ in all_cases],
            "member_case_order": [key for key, *_ in members],
            "warmups": args.warmups,
            "community": args.community,
        }
    )
    Path(args.out).write_text(json.dumps(data, indent=2))


def cmd_wait(args):
    url = f"http://{args.host}:{args.port}/"
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(1)
    sys.exit(f"The server did not answer on {url} within {args.timeout} s.")


def cmd_port_free(args):
    with socket.socket() as sock:
        sock.settimeout(2)
        if sock.connect_ex((args.host, int(args.port))) == 0:
            sys.exit(
                f"Something already listens on {args.host}:{args.port}: stop it or set "
                "BENCH_PORT to a free port."
            )


# The report -----------------------------------------------------------------------


def machine():
    model = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def git_revision():
    try:
        # Fixed arguments, no user input: git from PATH is the one the developer uses.
        revision = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        revision = "unknown"
    return revision


def ratio(ours, theirs):
    if not theirs:
        return "n/a"
    value = ours / theirs
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def table(title, stock_pass, pc_pass, order):
    stock = stock_pass["sites"]["stock"]["cases"]
    pc = pc_pass["sites"]["pc"]["cases"]
    lines = [
        f"### {title}",
        "",
        "| Request | stock bytes | pc bytes | size pc/stock "
        "| stock median ms | pc median ms | median pc/stock "
        "| stock p95 ms | pc p95 ms | p95 pc/stock |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for key in order:
        s, p = stock[key], pc[key]
        flag = "" if s["statuses"] == [200] and p["statuses"] == [200] else " ⚠"
        lines.append(
            f"| {s['title']}{flag} | {s['bytes']:,} | {p['bytes']:,} | "
            f"{ratio(p['bytes'], s['bytes'])} | "
            f"{s['median_ms']:.1f} | {p['median_ms']:.1f} | "
            f"{ratio(p['median_ms'], s['median_ms'])} | "
            f"{s['p95_ms']:.1f} | {p['p95_ms']:.1f} | {ratio(p['p95_ms'], s['p95_ms'])} |"
        )
    return lines


def details(passes, order):
    lines = [
        "### Details",
        "",
        "| Pass | Site | Request | HTTP | gzip bytes | min ms | max ms | hits / members |",
        "|---|---|---|---|--:|--:|--:|--:|",
    ]
    for run in passes:
        for site, data in run["sites"].items():
            for key in order:
                c = data["cases"][key]
                hits = c.get("items_total")
                lines.append(
                    f"| {run['label']} | {site} | {c['title']} | "
                    f"{', '.join(map(str, c['statuses']))} | {c['gzip_bytes']:,} | "
                    f"{c['min_ms']:.1f} | {c['max_ms']:.1f} | "
                    f"{'' if hits is None else hits} |"
                )
    return lines


def members_section(args, same, shipped, order):
    community = same["community"]
    counts = "; ".join(
        f"`{MEMBERS_SITES[site]}`: {values['member_documents']:,} found as admin, "
        f"{values['member_documents_anonymous']:,} as anonymous"
        for site, values in same["sites"].items()
    )
    lines = [
        "## Members (issue 3): listing a community's members, `@search` as a member",
        "",
        f"Two more sites in the same database: `pc-members`, our site with its 76 "
        f"communities private (a new community's state), and `stock-members`, stock "
        f"Plone with 76 private folders. Each folder holds N = {args.member_docs} "
        "Documents, visible only to its members: published in our private "
        f"communities, private in stock Plone (Documents in `/province`: {counts}). "
        f"`{community}` has "
        f"{args.members} members plus `coordinatore-{community}` and "
        f"`lettore-{community}` (a Lettore of that community only); every other "
        "folder has one Coordinatore. In pc the rosters are set with "
        "`provincecomuni.membership.api.add_member` (mixed roles: about 4% "
        "Coordinatori, 20% Redattori, 40% Collaboratori, the rest Lettori); in stock "
        f"each folder has a group `membri-<folder>` with the local role Reader on the "
        "folder, holding the same users. Stock Plone has no per-folder member list for a "
        "folder's own coordinator, so its equivalent is asked by a Site Administrator: "
        "`@groups/<group>` (member ids only, the least stock Plone can answer) and "
        "`@users?groups-filter:list=<group>` (name and e-mail of each member, as our "
        "`@members` gives, with the role). Same method as above: warm-ups, then timed "
        "requests, one at a time, logged in with HTTP Basic authentication.",
        "",
        *table(
            f"Members, same server and ZODB cache (cache-size {same['cache_size']})",
            same,
            same,
            order,
        ),
    ]
    if shipped and all(key in shipped["sites"]["stock"]["cases"] for key in order):
        lines += [
            "",
            *table(
                f"Members, stock Plone as shipped (cache-size {shipped['cache_size']}) "
                f"vs ours (cache-size {same['cache_size']})",
                shipped,
                same,
                order,
            ),
        ]
    return lines


def cmd_report(args):
    data = json.loads(Path(args.data).read_text())
    passes = {run["label"]: run for run in data["passes"]}
    same = passes["same-cache"]
    order = same["case_order"]
    info = machine()
    counts = ", ".join(f"{site}: {values['documents']:,}" for site, values in same["sites"].items())
    lines = [
        "# Benchmark: stock Plone vs Province & Comuni",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, "
        f"{info['system']}, Python {info['python']}",
        f"- Plone {metadata.version('Products.CMFPlone')}, plone.restapi "
        f"{metadata.version('plone.restapi')}, Zope {metadata.version('Zope')}; "
        f"provincecomuni at `{git_revision()}`",
        f"- Data: 76 folders per site, N = {args.docs} Documents each "
        f"(Documents in the catalog: {counts})",
        f"- Each request: {same['warmups']} warm-ups, then {args.requests} timed requests; "
        "requests that change each time: one untimed round over all of them, then one "
        "timed round. One request at a time, anonymous unless stated; times are "
        "client-side (request sent to body read); p95 is nearest-rank; bytes are the "
        "uncompressed body (median).",
        "- One Zope server (waitress, 4 threads) serving both sites from one database; "
        "ratios are pc / stock (below 1: ours is smaller or faster).",
        "",
        *table(
            f"Same server and ZODB cache (cache-size {same['cache_size']}): "
            "what the product changes",
            same,
            same,
            order,
        ),
    ]
    shipped = passes.get("stock-cache")
    if shipped:
        lines += [
            "",
            *table(
                f"Stock Plone as shipped (cache-size {shipped['cache_size']}, ZODB's default) "
                f"vs ours (cache-size {same['cache_size']})",
                shipped,
                same,
                order,
            ),
        ]
    member_order = same.get("member_case_order")
    if member_order:
        lines += ["", *members_section(args, same, shipped, member_order)]
        order = order + member_order
    lines += ["", *details(data["passes"], order), ""]
    text = "\n".join(lines)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"\nWritten to {out}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("BENCH_HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("BENCH_PORT", "8089"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("port-free")
    wait = commands.add_parser("wait")
    wait.add_argument("--timeout", type=int, default=300)
    measure = commands.add_parser("measure")
    measure.add_argument("--site", action="append", required=True)
    measure.add_argument("--label", required=True)
    measure.add_argument("--cache-size", required=True)
    measure.add_argument("--out", required=True)
    measure.add_argument("--community", default=os.environ.get("BENCH_COMMUNITY", "cuneo"))
    measure.add_argument("--docs", type=int, default=int(os.environ.get("BENCH_DOCS", 130)))
    measure.add_argument("--sweep", type=int, default=int(os.environ.get("BENCH_SWEEP", 3000)))
    measure.add_argument("--warmups", type=int, default=int(os.environ.get("BENCH_WARMUPS", 3)))
    measure.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 30)))
    report = commands.add_parser("report")
    report.add_argument("--data", required=True)
    report.add_argument("--out", default=str(ROOT / "bench" / "results" / "latest.md"))
    report.add_argument("--docs", default=os.environ.get("BENCH_DOCS", "130"))
    report.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 30)))
    report.add_argument("--members", default=os.environ.get("BENCH_MEMBERS", "300"))
    report.add_argument("--member-docs", default=os.environ.get("BENCH_MEMBER_DOCS", "40"))
    args = parser.parse_args(argv)
    {
        "port-free": cmd_port_free,
        "wait": cmd_wait,
        "measure": cmd_measure,
        "report": cmd_report,
    }[args.command](args)


if __name__ == "__main__":
    main()
