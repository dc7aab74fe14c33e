"""comtrade source."""
