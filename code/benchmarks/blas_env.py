"""Which BLAS the benchmark runs on, and the environment of a user's machine.

Some machines (this project's development and CI machines among them) set
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, a workaround for old OpenBLAS builds on
their processors. With a current NumPy they pin a slower kernel than OpenBLAS
would pick for the processor itself, which a user's machine does. OpenBLAS reads
both variables once, when NumPy loads it, so a benchmark that wants the user's
kernel must start a new process without them: ``user_environment()`` is that
environment. Only the benchmark does this; tests and CI leave both as they are.
"""

from __future__ import annotations

import os

PINNING_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def pinned_here() -> dict[str, str]:
    """The pinning variables this machine sets (empty on a usual user's machine)."""
    return {name: os.environ[name] for name in PINNING_VARIABLES if name in os.environ}


def user_environment() -> dict[str, str]:
    """This process's environment without the pinning variables: OpenBLAS picks its own kernel."""
    return {name: value for name, value in os.environ.items() if name not in PINNING_VARIABLES}


def blas_description() -> str:
    """The BLAS library NumPy uses, its kernel (architecture) and thread count, via threadpoolctl."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "BLAS: unknown (pip install threadpoolctl to see the kernel and threads)"
    import numpy as np  # noqa: F401  (loads NumPy's BLAS, so threadpoolctl can see it)

    found = [info for info in threadpool_info() if info.get("user_api") == "blas"]
    if not found:
        return "BLAS: none found by threadpoolctl"
    return "; ".join(
        f"BLAS: {info.get('internal_api')} {info.get('version')}, kernel {info.get('architecture', '?')}, "
        f"{info.get('num_threads')} threads" for info in found
    )
