"""gdelt_doc source."""
