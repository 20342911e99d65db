"""Dated reference data the checks ship with (each module says when it was last verified and where from)."""
