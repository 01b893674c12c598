"""Tracking the work a notice divides: its deadlines as values, and what falls due when."""
