"""Point a finding at the line of the file it came from, where that can be told.

A finding names a node (an IRI). The line is the first one of the source file that
mentions the node: its full IRI, an original IRI it was mapped from (``owl:sameAs``), or
its ODS code in a CSV row. Files over a few megabytes are not kept in memory for this,
so their findings carry no line.
"""

from __future__ import annotations

import re

ORG_PREFIX = "https://w3id.org/pcgraph/id/org/"


def candidates(focus: str, originals: list[str]) -> list[str]:
    """Texts that would mark the node in a file, most specific first."""
    texts = [focus, *originals]
    if focus.startswith(ORG_PREFIX):
        code = focus[len(ORG_PREFIX):]
        texts += [f'"{code}"', f"org/{code}", f"org\\/{code}"]
    local = re.split(r"[/#]", focus.rstrip("/"))[-1]
    if len(local) >= 4:
        texts.append(local)
    return texts


def find_line(lines: list[str] | None, texts: list[str]) -> int | None:
    """The 1-based number of the first line that holds any of ``texts`` (tried in order)."""
    if not lines:
        return None
    for text in texts:
        for number, line in enumerate(lines, start=1):
            if text in line:
                return number
    return None
