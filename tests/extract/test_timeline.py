"""Time expressions of a sentence, resolved against a document date (own sentences, not from ../shared)."""
from __future__ import annotations

import pytest

from extract.timeline import Timeline, parse_iso, valid_iso

# A Wednesday.
DOC = "2019-05-15"


def dates(text: str, document_date: str = DOC, future: bool = False, timeline: Timeline | None = None):
    timeline = timeline or Timeline(document_date)
    return [(m.text, m.kind, m.iso(future)) for m in timeline.sentence(text)]


def only(text: str, **kw):
    found = dates(text, **kw)
    assert len(found) == 1, found
    return found[0]


def test_absolute_dates_are_stated():
    assert only("Peru ratified the pact on 3 March 2016.") == ("3 March 2016", "stated", "2016-03-03")
    assert only("Peru ratified the pact in 2016.") == ("2016", "stated", "2016")
    assert only("Peru ratified the pact in October 2016.")[2] == "2016-10"


def test_weekday_past_and_future():
    assert only("Chile protested on Monday.")[1:] == ("resolved", "2019-05-13")
    assert only("Chile will protest on Monday.", future=True)[2] == "2019-05-20"
    assert only("Chile protested on Wednesday.")[2] == DOC  # the document's own day
    assert only("Chile said Friday it was leaving.")[2] == "2019-05-10"


def test_weekday_before_a_full_date_is_that_date():
    assert only("The truce starts on Friday, May 17, 2019.") == ("May 17, 2019", "stated", "2019-05-17")


def test_yesterday_today_tomorrow():
    assert only("Chile protested yesterday.")[2] == "2019-05-14"
    assert only("Chile protests today.")[2] == DOC
    assert only("Chile votes tomorrow.")[2] == "2019-05-16"


def test_last_year():
    assert only("Last year Peru left the pact.") == ("Last year", "resolved", "2018")


def test_next_month_and_this_year():
    assert only("Peru joins next month.")[2] == "2019-06"
    assert only("Peru left earlier this year.")[2] == "2019"
    assert only("Peru left last month.")[2] == "2019-04"


def test_earlier_this_week():
    assert only("Earlier this week Peru left.") == ("Earlier this week", "resolved", "2019-05")


def test_month_without_year_reads_the_tense():
    assert only("Peru left the pact in March.")[2] == "2019-03"
    assert only("Peru signed the pact in August.")[2] == "2018-08"  # the last August before May 2019
    assert only("Peru will sign the pact in August.", future=True)[2] == "2019-08"


def test_day_without_year_soon_after_the_document_is_the_coming_one():
    # An article of early June speaks of "June 16" of the same year, past tense or not.
    assert only("They meet in Lima on June 16.", document_date="2021-06-07")[2] == "2021-06-16"
    assert only("They met in Lima on April 2.", document_date="2021-06-07")[2] == "2021-04-02"


def test_ago():
    assert only("Two years ago Peru left.")[2] == "2017"
    assert only("Peru left three days ago.")[2] == "2019-05-12"
    assert only("Peru left a decade ago.")[2] == "2009"


def test_the_following_year_counts_from_the_date_before():
    timeline = Timeline(DOC)
    assert dates("The pact was signed in 2011.", timeline=timeline)[0][2] == "2011"
    assert only("The following year Peru joined it.", timeline=timeline)[2] == "2012"
    assert only("The previous month, talks had stalled.", timeline=Timeline(DOC))[2] == "2019-04"


def test_the_following_year_in_the_same_sentence():
    found = dates("Signed in 2011, the pact was ratified by Peru the following year.")
    assert [d[2] for d in found] == ["2011", "2012"]


def test_years_later_counts_from_the_date_before():
    timeline = Timeline(DOC)
    dates("The pact was signed in 1998.", timeline=timeline)
    assert only("Two years later, Peru left it.", timeline=timeline)[2] == "2000"
    assert only("Nine years after that, Chile left too.", timeline=timeline)[2] == "2009"


def test_years_after_an_event_dates_the_event():
    timeline = Timeline(DOC)
    found = timeline.sentence("Chile left on Monday, nine years after Peru sent troops.")
    assert [(m.iso(), m.clause) for m in found] == [("2019-05-13", False), ("2010", True)]


def test_years_after_a_clause_with_a_pronoun_subject():
    found = Timeline(DOC).sentence("Chile joined on Monday, two years after it applied.")
    assert [m.iso() for m in found] == ["2019-05-13", "2017"]
    timeline = Timeline(DOC)
    timeline.sentence("The pact was signed in 1998.")
    assert [m.iso() for m in timeline.sentence("Two years after it, Peru left.")] == ["2000"]


def test_n_year_old_thing():
    mention, = Timeline(DOC).sentence("Peru dropped a five-year-old accord.")
    assert (mention.text, mention.iso(), mention.descriptive) == ("five-year-old", "2014", True)


@pytest.mark.parametrize("text", ["Peru left the 2015 pact.", "At the 2018 summit Peru spoke.",
                                  "Peru honours the 1974 disengagement agreement.", "Peru's 2014 annexation of the isle."])
def test_years_inside_names_are_descriptive(text):
    mention, = Timeline(DOC).sentence(text)
    assert mention.kind == "stated" and mention.descriptive


@pytest.mark.parametrize("text", ["Peru left the pact in 2015.", "In 2018 Peru spoke.", "The pact of 1974 holds.",
                                  "Peru joined the pact in the year 2001 and left it by 2005."])
def test_years_outside_names_are_not(text):
    assert all(not m.descriptive for m in Timeline(DOC).sentence(text))


def test_no_document_date_resolves_only_what_needs_none():
    timeline = Timeline(None)
    assert timeline.sentence("Chile protested on Monday.") == []
    assert timeline.sentence("Last year Peru left.") == []
    assert [m.iso() for m in timeline.sentence("Peru joined in 2011.")] == ["2011"]
    assert [m.iso() for m in timeline.sentence("The following year Chile joined.")] == ["2012"]


def test_modal_may_is_no_month():
    assert dates("Peru may leave the pact.") == []
    assert dates("Peru may in time leave.") == []


def test_document_date_precision():
    assert dates("Chile protested on Monday.", document_date="2019-05") == []  # no day to count from
    assert only("Last year Peru left.", document_date="2019-05")[2] == "2018"
    assert only("Peru left in March.", document_date="2019")[2] == "2019-03"


def test_offsets_index_the_sentence():
    text = "After talks, Chile protested on Monday."
    mention, = Timeline(DOC).sentence(text)
    assert text[mention.start:mention.end] == mention.text == "on Monday"


def test_iso_validation():
    assert valid_iso("2019") and valid_iso("2019-02") and valid_iso("2019-02-28")
    assert not valid_iso("2019-02-30") and not valid_iso("19-02-01") and not valid_iso("2019/02/01")
    assert parse_iso("2019-02")[1] == 7
