"""The UN Dag Hammarskjöld Library's General Assembly voting CSV (digitallibrary.un.org)."""
