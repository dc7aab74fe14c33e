"""Public API of the contact register and the administration comparison."""

from __future__ import annotations

from dyad.analysis.administrations import Comparison, compare_administrations
from dyad.contacts.query import deliverables, list_contacts, source_summary

contacts_table = list_contacts

__all__ = [
    "Comparison",
    "compare_administrations",
    "contacts_table",
    "deliverables",
    "list_contacts",
    "source_summary",
]
