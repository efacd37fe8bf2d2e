"""Problems found in an import file, each tied to a spreadsheet row and column."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# Problems with the file as a whole are reported on the header row.
HEADER_ROW = 1
WHOLE_ROW = "-"


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad cell. `row` is the spreadsheet row number: the header is row 1."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        # The CLI form; the page shows the same triple in a Baris/Kolom/Alasan table.
        return f"row {self.row}, column {self.column}: {self.reason}"

    def as_text(self) -> str:
        """The Indonesian sentence for messages on the page."""
        return _("Baris %(row)s, kolom %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict) -> "RowError":
        return cls(row=data["row"], column=data["column"], reason=data["reason"])


class FileRejected(Exception):
    """The file cannot be read at all (size, type, encoding, headers): nothing was checked."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def file_error(reason: str, *, row: int = HEADER_ROW, column: str = WHOLE_ROW) -> FileRejected:
    return FileRejected([RowError(row=row, column=column, reason=reason)])
