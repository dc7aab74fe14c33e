"""The local web app: read views, review and coding workflows (`dyad serve`)."""
