"""Freedom House, Freedom in the World raw data (never shipped: non-commercial licence)."""
