"""Media Cloud search API (v4): story lists and daily attention counts by collection."""
