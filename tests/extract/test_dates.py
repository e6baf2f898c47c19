from extract.dates import dateline_year, find_dates, nearest


def test_full_and_partial_dates():
    isos = [d.iso for d in find_dates("Signed on April 8, 2010 in Prague, it entered into force in February 2011 and was renewed in 2021.")]
    assert isos == ["2010-04-08", "2011-02", "2021"]


def test_dateline_is_not_a_fact_date():
    assert find_dates("GENEVA, June 16, 2021 - The two presidents met.") == []
    assert find_dates("June 16, 2021 - The two presidents met.") == []


def test_year_less_date_uses_document_year():
    assert [d.iso for d in find_dates("on July 11 the leaders met", default_year=2024)] == ["2024-07-11"]
    assert find_dates("on July 11 the leaders met") == []


def test_numbers_are_not_years():
    assert find_dates("a limit of 1,550 warheads and 2000s technology, 2019-20 season") == []


def test_modal_may_is_not_a_month():
    assert find_dates("Russia may 2 times") == []


def test_nearest_and_dateline_year():
    dates = find_dates("In 2014 Russia annexed Crimea; in 2022 it invaded.")
    assert nearest(dates, 0) == "2014"
    assert nearest(dates, 40) == "2022"
    assert dateline_year("BRUSSELS, May 22, 2020 - NATO envoys met.") == 2020


def test_blank_dateline_keeps_offsets():
    from extract.dates import blank_dateline

    for text in ("VILNIUS, July 2, 2020 - NATO acted.", "May 22, 2020 - MOSCOW - Russia said.", "May 22, 2020 - Officials said."):
        blanked = blank_dateline(text)
        assert len(blanked) == len(text)
        assert blanked.strip()[0] in "NRO"
    assert blank_dateline("NATO - Russia talks began.") == "NATO - Russia talks began."
