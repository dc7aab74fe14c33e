"""Every Office of the Historian record from 2009 on matches its curated contact: a record
that fails to match becomes a second, confirmed copy of a contact and inflates every count.

Two bugs let records through: a participant gloss after a comma ("Secretary Clinton, head of
the U.S. delegation" read as the surname "delegation"; "Biden, Jr." as "jr") and a place
with a parenthetical ("Astana, Kazakhstan (Palace of Independence)") not read as Kazakhstan.
"""

from __future__ import annotations

from dyad.contacts.merge import place_country
from dyad.reference.vocabulary import surnames
from dyad_testing import shared_path


def test_glosses_after_commas_are_not_surnames():
    assert surnames(["Secretary of State Hillary Rodham Clinton, head of the U.S. delegation",
                     "President Joseph R. Biden, Jr."]) == {"clinton", "biden"}
    assert surnames(["Chairman of the OSCE, State Secretary and Minister of Foreign Affairs "
                     "Saudabayev"]) == {"saudabayev"}
    assert surnames(["Rep. Alcee Hastings (D-FL), Co-Chairman, Commission on Security and "
                     "Cooperation in Europe"]) == {"hastings"}


def test_a_parenthetical_does_not_hide_the_country():
    assert place_country("Astana, Kazakhstan (Palace of Independence)") == "KZ"
    assert place_country("Bishkek, Kyrgyzstan (Ala-Archa State Residence)") == "KG"


def test_no_historian_record_since_2009_stands_apart_from_the_register(store):
    from dyad.sources.statehist.load import import_statehist

    for folder in ("travels", "visits"):
        import_statehist(store, shared_path("history-state-gov", folder))
    apart = store.execute(
        """SELECT c.contact_id FROM contacts c WHERE c.date_start >= DATE '2009-01-20'
           AND EXISTS (SELECT 1 FROM contact_sources s WHERE s.contact_id = c.contact_id
                       AND s.source = 'statehist')
           AND NOT EXISTS (SELECT 1 FROM contact_sources s WHERE s.contact_id = c.contact_id
                           AND s.source = 'curated')""").fetchall()
    assert apart == []
