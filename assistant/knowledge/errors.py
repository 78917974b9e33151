"""The knowledge base's error, in a module of its own: commands that only search can catch
it without importing the knowledge base service (loaders, chunking, the ORM registry)."""


class KnowledgeError(ValueError):
    """A request the knowledge base cannot honour (unknown document, bad file, ...)."""
