"""Synthetic labelled access-log generator (SESAME special-education portal)."""
