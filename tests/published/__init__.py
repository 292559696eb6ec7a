"""Hand-labelled truth of the real published corpus (see README.md)."""
