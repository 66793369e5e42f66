"""Refusals of accompaniment services, with the words shown to the user."""


class HelpModeRefused(Exception):
    """Help mode cannot start or act: no consent in force, or no session open."""
