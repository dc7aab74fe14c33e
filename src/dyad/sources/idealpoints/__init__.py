"""idealpoints source."""
