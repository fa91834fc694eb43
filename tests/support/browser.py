"""Headless Chromium for the browser tests: found or reported, never silently skipped in CI."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

from support.missing import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str | None:
    return str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")


def require_browser() -> None:
    """Skip when Playwright or Chromium is missing, except in CI (``CI=true``), where that fails."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package")
    if chromium_path() is None:
        missing.append("Chromium (/usr/bin/chromium)")
    if missing:
        skip_or_fail("browser tests need " + " and ".join(missing))


@contextmanager
def chromium():
    """A headless Chromium driven by Playwright; closed afterwards."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
