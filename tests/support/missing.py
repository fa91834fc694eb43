"""What a test needs from the machine (a browser, an engine, Node): skipped with the reason
when it is missing, except in CI (``CI=true``), where that is a failure."""

from __future__ import annotations

import os

import pytest


def skip_or_fail(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
