"""Start a real Virtuoso 7 (Debian's ``virtuoso-opensource``) on a temporary database folder.

The server gets its own ini (free loopback ports for the SQL and HTTP servers, a small
buffer pool, a result cap above pcgraph's row cap), the SPARQL user is granted
SPARQL_UPDATE and write access to graphs, and the server is stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from support.oxigraph_server import SparqlServer, free_port
from support.processes import stop

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")

_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = .
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
MaxQueryMem = 256M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""


def available() -> bool:
    return VIRTUOSO is not None and ISQL is not None


def isql(port: int, statement: str) -> str:
    """Run one SQL statement as the database administrator; returns its output."""
    done = subprocess.run([ISQL, f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql failed on {statement!r}:\n{done.stdout}{done.stderr}")
    return done.stdout


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def virtuoso_server(folder: Path, *, timeout: float = 120.0):
    """Run virtuoso-t on a database in ``folder``; yield its ``SparqlServer``; stop it after."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(db=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground", "+wait"], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "LANG": "C.UTF-8"})
    server = SparqlServer(f"http://127.0.0.1:{http_port}", "/sparql", "/sparql")
    try:
        deadline = time.monotonic() + timeout
        while not _answers(server.query_url):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "virtuoso.log")
                raise RuntimeError("Virtuoso did not start:\n" + (log.read_text()[-3000:] if log.exists() else ""))
            time.sleep(0.5)
        isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
        isql(sql_port, "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
        yield server
    finally:
        stop(process)
