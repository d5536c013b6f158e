"""intrel: a municipality's international relations, run by the framework its council adopted."""

__version__ = "0.1.0"
