"""Reference data shipped with the package: codebook, administrations, countries."""

from dyad.reference.files import administrations, codebook, countries, level_weights

__all__ = ["administrations", "codebook", "countries", "level_weights"]
