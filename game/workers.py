"""Worker processes that end with the process that started them (batches and their
plots): shared below both, so that neither imports the other."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent() -> None:
    """In a worker process: end when the process that started it ends, even by
    ``kill -9`` (which runs no clean-up in the parent, and a forked worker blocked on the
    task queue would otherwise wait forever). On Linux the kernel sends SIGKILL when the
    parent goes (prctl PR_SET_PDEATHSIG); everywhere, a watchdog thread checks every
    half second that the parent is still the same process."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog does it
            pass
    if os.getppid() != parent or parent == 1:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="penholder-parent-watchdog", daemon=True).start()
