from app.domain.numbers import MAX_ROW_ID, whole_number


def test_whole_numbers_are_read_within_their_bound():
    assert whole_number("42") == 42 and whole_number(" 7 ") == 7 and whole_number("0") == 0
    assert whole_number(str(MAX_ROW_ID)) == MAX_ROW_ID
    assert whole_number("500", maximum=500) == 500
    for bad in (None, "", " ", "-1", "+1", "1.5", "1e3", "٣", "²", "12a", "501"):
        assert whole_number(bad, maximum=500) is None, bad
    assert whole_number(str(MAX_ROW_ID + 1)) is None
    assert whole_number("9" * 5000) is None         # past Python's 4,300-digit limit
    assert whole_number("0" * 30 + "5") is None      # longer than any value it may take
