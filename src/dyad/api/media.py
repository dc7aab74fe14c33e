"""Public API of the media area (filled in by its issue)."""

__all__: list[str] = []
