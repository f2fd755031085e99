"""cablereader: a terminal reader for diplomatic cables."""

__version__ = "0.1.0"
