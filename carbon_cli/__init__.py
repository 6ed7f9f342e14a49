"""carbon: track Jieyang's carbon-peaking plan (揭阳市碳达峰实施方案).

The public Python API (README, "用 Python 调用"): the four steps every command takes. Every use
case of the command line is a function of `carbon_cli.api`, with the same options::

    import carbon_cli as carbon

    plan = carbon.load_plan()  # ./data, else the packaged copy
    observed = carbon.read_observations(plan, ["examples/observations-illustrative.csv"])
    result = carbon.assess(plan, observed, year=2025)
    result.to_dict()  # what `carbon status --year 2025 --format json` prints
    carbon.validate().ok

Names are imported on first use, so `import carbon_cli` (and `carbon --help`) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Problem",
    "UsageError",
    "__version__",
    "assess",
    "load_plan",
    "read_observations",
    "validate",
]
# public name → (module, name there); submodules keep their own names (carbon_cli.status …)
API = {
    "assess": ("carbon_cli.api", "status"),
    "load_plan": ("carbon_cli.api", "load_plan"),
    "read_observations": ("carbon_cli.api", "read_observations"),
    "validate": ("carbon_cli.api", "validate"),
    "DataError": ("carbon_cli.errors", "DataError"),
    "Problem": ("carbon_cli.errors", "Problem"),
    "UsageError": ("carbon_cli.errors", "UsageError"),
}

if TYPE_CHECKING:
    from carbon_cli.api import load_plan, read_observations, validate
    from carbon_cli.api import status as assess
    from carbon_cli.errors import DataError, Problem, UsageError


def __getattr__(name: str) -> Any:
    """The public API, imported on first use."""
    import importlib

    if name in API:
        module, attribute = API[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'carbon_cli' has no attribute {name!r}")
