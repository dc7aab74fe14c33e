"""The contact register: curated and imported contacts, merged, with their sources."""
