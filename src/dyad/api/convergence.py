"""Public API of the convergence area (filled in by its issue)."""

__all__: list[str] = []
