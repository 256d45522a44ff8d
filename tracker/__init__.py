"""tracker: who said what, where, and how each outlet rendered it."""

__version__ = "0.1.0"
