"""Public API of the forecast area (filled in by its issue)."""

__all__: list[str] = []
