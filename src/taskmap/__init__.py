"""taskmap: who leads, supports and answers for each task of the Changzhou notice 常信用办〔2019〕10号."""

__version__ = "0.1.0"
