"""census source."""
