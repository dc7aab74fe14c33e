"""feeds source."""
