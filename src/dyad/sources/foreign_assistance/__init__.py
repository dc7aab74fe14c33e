"""ForeignAssistance.gov: the country file and the transaction-level complete file."""
