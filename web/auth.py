"""Bearer-token authorisation for the write API (``/graphs`` writes and ``/api/import``).

No token configured: every write is refused (403). A missing or wrong token is a 401 with
a ``WWW-Authenticate`` challenge. Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac

from flask import request

from . import context
from .errors import HTTPError


def require_token() -> None:
    expected = context.settings().api_token
    if not expected:
        raise HTTPError(403, "writes are disabled on this server: no API token is configured (PCGRAPH_API_TOKEN)")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPError(401, "this write needs an 'Authorization: Bearer <token>' header")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPError(401, "the bearer token is not valid")
