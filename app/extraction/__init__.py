"""Claims proposed from a text, for a person to review: sentences, actor mentions from a gazetteer, a kind
from the sentence's words, a status from its hedges, a time range from its date phrases. Pure logic (no
database, no network, no model): app/services/extraction.py gives it the graph's actors and UCDP's list.
See docs/extraction.md."""
