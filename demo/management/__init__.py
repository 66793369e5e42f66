"""Management commands of the marketplace project."""
