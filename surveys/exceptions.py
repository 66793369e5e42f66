"""Refusals of survey answers, with the words shown to the resident."""


class AnswerRefused(Exception):
    """Closed survey, already answered, or an invitation already used."""
