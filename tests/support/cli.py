"""Run the installed ``pcgraph`` command as a user would, in a subprocess."""

from __future__ import annotations

import subprocess
import sys

# -P keeps the current directory off sys.path, so the installed package runs even when the
# tests are started from the repository root (whose source tree is not the installed layout).
PCGRAPH = [sys.executable, "-P", "-m", "pcgraph"]


def run_pcgraph(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run ``pcgraph ARGS...`` and capture its output as text."""
    return subprocess.run([*PCGRAPH, *args], capture_output=True, text=True, timeout=timeout, **kwargs)
