"""Public API of the trade area (filled in by its issue)."""

__all__: list[str] = []
