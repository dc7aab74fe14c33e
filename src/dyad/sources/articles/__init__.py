"""articles source."""
