"""The public Python API: everything the CLI does, as functions returning data frames.

Each area keeps its functions in its own module here; this package re-exports them.
"""

from dyad.api.contacts import *  # noqa: F403
from dyad.api.convergence import *  # noqa: F403
from dyad.api.forecast import *  # noqa: F403
from dyad.api.media import *  # noqa: F403
from dyad.api.report import *  # noqa: F403
from dyad.api.statehist import *  # noqa: F403
from dyad.api.trade import *  # noqa: F403
