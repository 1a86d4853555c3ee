"""Evaluation: detection quality on generated and real labelled logs."""
