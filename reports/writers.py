"""Writing report rows to a file, CSV or XLSX, one row at a time (constant memory).

Text cells go through the roster export's CSV neutraliser (firmsettings.views._csv_cell): a value
that could start a formula (`= + - @`, tab, line breaks) gets a leading apostrophe, in CSV and XLSX
alike. Numbers, dates and times are written as such."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable

from firmsettings.views import FORMULA_STARTS
from firmsettings.views import _csv_cell as neutralise

DATE_FORMAT = "%m/%d/%Y"
DATETIME_FORMAT = "%m/%d/%Y %H:%M"


def _text(value: str) -> str:
    # the common case (a plain name) skips the neutraliser's work
    if value[:1] in FORMULA_STARTS or value[:1] in (" ", "\t", "\r", "\n"):
        return neutralise(value)
    return value


def _csv_value(value):
    kind = type(value)
    if kind is str:
        return _text(value) if value else value
    if kind is dt.datetime:
        return value.strftime(DATETIME_FORMAT)
    if kind is dt.date:
        return value.strftime(DATE_FORMAT)
    if value is None:
        return ""
    return value


def write_csv(fh, *, header: list[str], rows: Iterable[list], on_row: Callable[[int], None]) -> int:
    """Rows to a text file opened with newline=""; `on_row(n)` after each row. Returns the row count."""
    writer = csv.writer(fh)
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        n += 1
        on_row(n)
    return n


def write_xlsx(fh, *, header: list[str], rows: Iterable[list], on_row: Callable[[int], None],
               sheet_name: str = "Report") -> int:
    """Rows to a binary file as an XLSX workbook, with xlsxwriter in constant-memory mode (each row
    is flushed to disk as soon as the next one starts)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(fh, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False,
                                        "remove_timezone": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "mm/dd/yyyy"})
    time_format = workbook.add_format({"num_format": "mm/dd/yyyy hh:mm"})
    for col, title in enumerate(header):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, max(12, len(title) + 2))
    n = 0
    for n, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            kind = type(value)
            if value is None or value == "":
                continue
            if kind is str:
                sheet.write_string(n, col, _text(value))
            elif kind is dt.datetime:
                sheet.write_datetime(n, col, value, time_format)
            elif kind is dt.date:
                sheet.write_datetime(n, col, dt.datetime.combine(value, dt.time()), date_format)
            elif kind is bool:
                sheet.write_boolean(n, col, value)
            elif kind in (int, float):
                sheet.write_number(n, col, value)
            else:
                sheet.write_string(n, col, _text(str(value)))
        on_row(n)
    workbook.close()
    return n
