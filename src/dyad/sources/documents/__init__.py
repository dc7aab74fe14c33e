"""documents source."""
