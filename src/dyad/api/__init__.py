"""The public Python API: everything the CLI does, as functions returning data frames.

Each area keeps its functions in its own module here; this package re-exports them, and
``__all__`` is the whole public surface (a test guards it).
"""

from typing import TYPE_CHECKING, Any

from dyad.api import assistance as _assistance
from dyad.api import contacts as _contacts
from dyad.api import contacts_import as _contacts_import
from dyad.api import convergence as _convergence
from dyad.api import events as _events
from dyad.api import forecast as _forecast
from dyad.api import media as _media
from dyad.api import report as _report
from dyad.api import sources as _sources
from dyad.api import store as _store
from dyad.api import trade as _trade
from dyad.api.assistance import *  # noqa: F403
from dyad.api.contacts import *  # noqa: F403
from dyad.api.convergence import *  # noqa: F403
from dyad.api.events import *  # noqa: F403
from dyad.api.forecast import *  # noqa: F403
from dyad.api.media import *  # noqa: F403
from dyad.api.report import *  # noqa: F403
from dyad.api.sources import *  # noqa: F403
from dyad.api.store import *  # noqa: F403
from dyad.api.trade import *  # noqa: F403
from dyad.errors import *  # noqa: F403

if TYPE_CHECKING:
    from dyad.api.contacts_import import *  # noqa: F403
for _name in _contacts_import.__all__:  # its LAZY names load on first use (__getattr__ below)
    if _name not in _contacts_import.LAZY:
        globals()[_name] = getattr(_contacts_import, _name)

__all__ = sorted(
    {
        *_assistance.__all__,
        *_contacts.__all__,
        *_contacts_import.__all__,
        *_convergence.__all__,
        *_events.__all__,
        *_forecast.__all__,
        *_media.__all__,
        *_report.__all__,
        *_sources.__all__,
        *_store.__all__,
        *_trade.__all__,
        "DataMissingError",
        "DyadError",
        "LoadError",
        "NotFoundError",
        "ReviewError",
        "SourceUnavailableError",
        "StoreBusyError",
        "UsageError",
    }
)


def __getattr__(name: str) -> Any:
    """Names re-exported lazily (``contacts_import.LAZY``), imported when first asked for."""
    if name in _contacts_import.LAZY:
        value = getattr(_contacts_import, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
