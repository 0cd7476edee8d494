"""Reference data shipped with the package (see README.md for sources and licences)."""
