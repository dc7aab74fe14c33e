"""Shared compute settings: one BLAS thread for the many small fits.

Used by the coders' calibration (``coding``), the scenario fits (``analysis``) and the report
build: one rule, one place.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_BLAS_LOCK = threading.Lock()
_BLAS_DEPTH = 0


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS (OpenBLAS under numpy and scipy) limited to one thread inside the block.

    The fits here are small (tens of observations, a handful of parameters): a multithreaded
    BLAS spends far longer waking its threads than computing, and an L-BFGS-B state-space fit
    takes ~9x longer with two BLAS threads than with one on a busy two-core machine. The
    results are the same (at these sizes BLAS does not split a reduction across threads).
    Re-entrant: nested blocks leave the outer limit in place."""
    global _BLAS_DEPTH
    from threadpoolctl import threadpool_limits

    with _BLAS_LOCK:
        outer = _BLAS_DEPTH > 0
        _BLAS_DEPTH += 1
    try:
        if outer:
            yield
        else:
            with threadpool_limits(limits=1, user_api="blas"):
                yield
    finally:
        with _BLAS_LOCK:
            _BLAS_DEPTH -= 1
