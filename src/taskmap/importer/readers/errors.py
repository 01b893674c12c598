"""The one error every reader raises."""


class UnreadableInput(Exception):
    """The input cannot be read as a notice: the message says why, in one line."""
