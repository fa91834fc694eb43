"""pcgraph's settings: one table that drives the CLI, the web app, validation and the docs.

Each setting has a name, an environment variable, a type, a default and a line of help.
``Settings.from_env()`` reads them; command-line options override them. A test keeps the
table and the README's settings section in step.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import platformdirs


class SettingError(ValueError):
    """A setting has a value of the wrong type; the message names the variable."""


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _url(text: str) -> str:
    value = text.strip().rstrip("/")
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest or any(c.isspace() for c in value):
        raise ValueError(f"expected an http:// or https:// address, got {text!r}")
    return value


def _default_store() -> Path:
    return Path(platformdirs.user_data_dir("pcgraph")) / "store"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    parse: Callable[[str], Any]
    help: str

    @property
    def default(self) -> Any:
        return _DEFAULTS[self.name]


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "PCGRAPH_STORE", Path,
            "Folder of the embedded store (default: the user's data folder, pcgraph/store)."),
    Setting("endpoint", "PCGRAPH_ENDPOINT", str,
            "URL of a remote SPARQL 1.1 query endpoint to use instead of the embedded store."),
    Setting("update_endpoint", "PCGRAPH_UPDATE_ENDPOINT", str,
            "URL of the remote SPARQL 1.1 update endpoint (default: the query endpoint)."),
    Setting("query_timeout", "PCGRAPH_QUERY_TIMEOUT", float,
            "Seconds a query may run before it is cancelled."),
    Setting("query_workers", "PCGRAPH_QUERY_WORKERS", _count,
            "Worker processes for pcgraph's own queries (pages, canned queries, questions, search) in pcgraph serve."),
    Setting("sparql_workers", "PCGRAPH_SPARQL_WORKERS", _count,
            "Worker processes for the public SPARQL endpoint in pcgraph serve."),
    Setting("max_rows", "PCGRAPH_MAX_ROWS", int,
            "Most rows a query answer returns; longer answers are marked truncated."),
    Setting("max_answer_bytes", "PCGRAPH_MAX_ANSWER_BYTES", _count,
            "Most bytes of one /sparql answer a query worker sends back; longer answers are cut at a whole row and marked truncated."),
    Setting("worker_memory", "PCGRAPH_WORKER_MEMORY", _count,
            "Most bytes of memory one query worker may hold; a query that needs more gets 503 and its worker is replaced."),
    Setting("public_url", "PCGRAPH_PUBLIC_URL", _url,
            "Address people reach the web service at (e.g. https://pcgraph.example.org), for the SPARQL service description and the API description; default: the address pcgraph serve listens on, never the request's Host header."),
    Setting("api_token", "PCGRAPH_API_TOKEN", str,
            "Bearer token that authorises writes through the web API; unset, writes are disabled."),
    Setting("allow_service", "PCGRAPH_ALLOW_SERVICE", _bool,
            "Allow SPARQL SERVICE (federated) queries on the public endpoint."),
    Setting("max_upload_bytes", "PCGRAPH_MAX_UPLOAD_BYTES", int,
            "Largest request body the web API accepts, in bytes."),
    Setting("user", "PCGRAPH_USER", str,
            "Name recorded in the public catalogue as the loader of imported data (default: none recorded)."),
    Setting("max_import_bytes", "PCGRAPH_MAX_IMPORT_BYTES", int,
            "Largest file pcgraph import reads, in bytes; larger files are refused before reading."),
    Setting("import_timeout", "PCGRAPH_IMPORT_TIMEOUT", float,
            "Seconds an import may take to read, map and validate its files; past it the import is refused and nothing is written."),
    Setting("max_literal_chars", "PCGRAPH_MAX_LITERAL_CHARS", _count,
            "Longest literal (a label, a name, a purpose) an import accepts, in characters; a longer one refuses the file."),
    Setting("overlap_max", "PCGRAPH_OVERLAP_MAX", int,
            "An organisation in more active collaboratives than this is flagged (rule overlap-count)."),
    Setting("overlap_jaccard", "PCGRAPH_OVERLAP_JACCARD", float,
            "Two collaboratives whose memberships overlap at least this much (Jaccard) are flagged (rule overlap-duplicate)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    store: Path | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    query_timeout: float = 10.0
    query_workers: int = 4
    sparql_workers: int = 2
    max_rows: int = 10_000
    max_answer_bytes: int = 8 * 1024 * 1024
    worker_memory: int = 1024 * 1024 * 1024
    public_url: str | None = None
    api_token: str | None = None
    allow_service: bool = False
    max_upload_bytes: int = 64 * 1024 * 1024
    user: str | None = None
    max_import_bytes: int = 1024 * 1024 * 1024
    import_timeout: float = 600.0
    max_literal_chars: int = 10_000
    overlap_max: int = 4
    overlap_jaccard: float = 0.8

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        """Settings from environment variables, then ``overrides`` (ignored when None)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = environ.get(setting.env)
            if raw is None or raw == "":
                continue
            try:
                values[setting.name] = setting.parse(raw)
            except ValueError as exc:
                raise SettingError(f"environment variable {setting.env}: {exc}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - set(_BY_NAME)
        if unknown:
            raise SettingError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return cls(**values)

    @property
    def store_dir(self) -> Path:
        """Where the embedded store lives."""
        return self.store if self.store is not None else _default_store()

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Settings)}
assert set(_DEFAULTS) == set(_BY_NAME), "every Settings field needs a row in SETTINGS"
