"""The local web app (`dyad serve`): Starlette over ``dyad.api``, served by uvicorn.

``app.create_app`` builds the application; ``server.run`` serves it. The app keeps no
store connection between requests (see ``dyad.api.browse``), so the CLI works beside it.
"""
