"""Registration counters from several processes on one ZEO server (several Zope instances).

Each worker is a separate Python process with its own ZEO client, as each Zope
instance of a cluster would be; the only coordination between them is the ZEO
server's conflict detection and our ``_p_resolveConflict`` (run on the server).
"""

from pathlib import Path

import pytest
import socket
import subprocess
import sys
import textwrap
import time


PROCESSES = 3
PER_PROCESS = 20

WORKER = textwrap.dedent(
    """
    import sys, transaction, ZEO
    from ZODB.POSException import ConflictError

    port, count, code = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    db = ZEO.DB(("127.0.0.1", port))
    manager = transaction.TransactionManager()
    conn = db.open(transaction_manager=manager)
    numbers, conflicts = [], 0
    for _ in range(count):
        while True:
            manager.begin()
            try:
                number = conn.root()["counters"].next(code, 2026)
                manager.commit()
            except ConflictError:
                manager.abort()
                conflicts += 1
                continue
            numbers.append(number)
            break
    conn.close()
    db.close()
    print(" ".join(map(str, numbers)), "|", conflicts)
    """
)

SETUP = textwrap.dedent(
    """
    import sys, ZEO
    from provincecomuni.records.counters import RegistrationCounters

    db = ZEO.DB(("127.0.0.1", int(sys.argv[1])))
    with db.transaction() as conn:
        conn.root()["counters"] = RegistrationCounters()
    db.close()
    """
)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def zeo_port(tmp_path):
    runzeo = Path(sys.executable).parent / "runzeo"
    if not runzeo.exists():
        pytest.fail("runzeo is missing: install the test extras (ZEO)", pytrace=False)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own virtualenv's runzeo
        [str(runzeo), "-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "Data.fs")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        _run(SETUP, port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _run(script, *args):
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout


def _workers(port, codes):
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", WORKER, str(port), str(PER_PROCESS), code],
            stdout=subprocess.PIPE,
            text=True,
        )
        for code in codes
    ]
    results = []
    for process in processes:
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0
        numbers, conflicts = out.strip().split("|")
        results.append(([int(n) for n in numbers.split()], int(conflicts)))
    return results


def test_several_processes_register_gapless_in_one_register(zeo_port):
    results = _workers(zeo_port, ["PG"] * PROCESSES)
    numbers = sorted(n for got, _conflicts in results for n in got)
    print("conflicts retried:", [c for _got, c in results])
    assert numbers == list(range(1, PROCESSES * PER_PROCESS + 1))


def test_several_processes_in_different_registers_never_retry(zeo_port):
    results = _workers(zeo_port, [f"R{n}" for n in range(PROCESSES)])
    for got, conflicts in results:
        assert got == list(range(1, PER_PROCESS + 1))
        assert conflicts == 0
