"""register source."""
