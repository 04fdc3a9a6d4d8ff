import csv
import io

from app.domain.export import BOM, csv_lines, spreadsheet_safe


def test_formula_cells_are_neutralised():
    for text in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("plain") == "plain"
    assert spreadsheet_safe(-5) == -5 and spreadsheet_safe(None) is None


def test_csv_starts_with_a_bom_and_keeps_any_script():
    text = "".join(csv_lines(["learner", "score"], [["Zoë Ωmega 李", 3], ['=HYPERLINK("x")', 1]]))
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[len(BOM):])))
    assert rows == [["learner", "score"], ["Zoë Ωmega 李", "3"], ["'=HYPERLINK(\"x\")", "1"]]
