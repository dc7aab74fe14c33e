"""Outputs: the self-contained HTML report, its charts, and table exports."""
