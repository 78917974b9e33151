"""Small matrix products on one BLAS thread.

The meaning detector and its gate multiply a few sentence vectors by a few hundred exemplar
vectors. numpy's OpenBLAS splits such a product over every core, and its idle threads spin:
on a busy 2-core machine that costs more than the product itself (a 10x384 by 384x244
product: 0.5 ms of CPU on two threads, 0.02 ms on one). ``one_thread()`` holds numpy's BLAS
to one thread while any caller is inside and restores its setting when the last one leaves;
ONNX Runtime and spaCy keep their own thread settings."""

from __future__ import annotations

import sys
import threading
from functools import lru_cache
from types import TracebackType
from typing import Any


@lru_cache(maxsize=1)
def _blas() -> Any:
    """numpy's BLAS libraries, found once (numpy is loaded first so that they are)."""
    import numpy  # noqa: F401
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController().select(user_api="blas")


class OneThread:
    """Re-entrant across threads: the limit is set by the first caller in, lifted by the
    last one out (so concurrent requests never leave BLAS on one thread for good). A block
    entered before numpy is loaded sets none: a message that needs no vector (`coach guard
    scan` of "hello") loads neither numpy nor threadpoolctl."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._limiter: Any = None

    def __enter__(self) -> None:
        with self._lock:
            if self._inside == 0 and "numpy" in sys.modules:  # else nothing to hold yet
                self._limiter = _blas().limit(limits=1)
            self._inside += 1

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0 and self._limiter is not None:
                self._limiter.restore_original_limits()
                self._limiter = None


_ONE = OneThread()


def one_thread() -> OneThread:
    """``with one_thread(): ...``: numpy's BLAS on one thread for the block."""
    return _ONE


def blas_threads() -> list[int]:
    """numpy's BLAS thread count per library (tests and diagnostics)."""
    return [int(info["num_threads"]) for info in _blas().info()]
