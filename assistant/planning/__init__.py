"""Session planning and follow-up chat, grounded in the approved knowledge base.

``assistant.planning.factory`` builds both from the services; the package itself imports
nothing, so that ``assistant.settings`` can import ``assistant.planning.config``.
"""
