"""dyad: an evidence-based observatory of US relations with Kazakhstan and Central Asia.

The public Python API lives in :mod:`dyad.api`; every CLI command is one call there.
"""

__version__ = "0.1.0"
