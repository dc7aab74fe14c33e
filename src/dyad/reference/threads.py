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

    The fits this guards are small and many (scenario models on tens of observations; the
    coders' logistic models on a few hundred articles): a multithreaded BLAS spends far longer
    waking its threads than computing. On a two-core machine an L-BFGS-B state-space fit took
    ~9x longer with two BLAS threads than with one, and a tone fit on 533 articles 1.24 s
    against 0.06 s. Results agree to rounding: the scenario fits are too small for BLAS to
    split a reduction; the coders' parameters can differ in the last digits, their decisions
    did not (the calibration's metrics were identical). Re-entrant: nested blocks leave the
    outer limit in place."""
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
