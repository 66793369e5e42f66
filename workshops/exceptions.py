"""Refusals of workshop sign-ups, with the words shown to the user."""


class SignUpRefused(Exception):
    """Full, past, unpublished, or already signed up."""
