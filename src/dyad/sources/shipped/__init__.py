"""shipped source."""
