"""GDELT event exports (1.0 daily and backfiles, 2.0 15-minute files): parse, load, fetch,
and a generator of synthetic exports in the same format."""
