"""Swap two folders in one step, so a store folder always holds a whole store.

A large change is written into a copy of the store (a RocksDB checkpoint, bulk-loaded
without a transaction) and then exchanged with the store's own folder by one
``renameat2(RENAME_EXCHANGE)`` call: a process killed before the call leaves the old
store, after it the new one, and the other folder (a leftover to remove) holds the rest.
Where the system cannot exchange folders (not Linux, or a file system without it),
``exchange`` says so and callers write through a transaction instead.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_FUNCTION = _renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap the two paths atomically; False (nothing changed) when the system cannot."""
    if _FUNCTION is None:
        return False
    if _FUNCTION(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(first))


def can_exchange(folder: Path) -> bool:
    """Whether folders under ``folder`` can be swapped (tried on two empty folders)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix=".pcgraph-swap-test-", dir=folder) as scratch:
        a, b = Path(scratch) / "a", Path(scratch) / "b"
        a.mkdir()
        b.mkdir()
        (a / "marker").touch()
        return exchange(a, b) and (b / "marker").exists()
