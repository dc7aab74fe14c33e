"""unvotes source."""
