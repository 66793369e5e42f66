"""The project's `manage.py` commands."""
