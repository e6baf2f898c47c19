"""How a statement's date is shown: what kind of date it is and where it came from, so that a
date the sentence gave is not mistaken for the day the article was published."""
from __future__ import annotations

from typing import Mapping, Optional

from webapp.text import md

#: Shown for a statement whose sentence gives no date, dated by its document (greyed).
REPORTED = "reported"


def date_label(row: Mapping) -> Optional[str]:
    """Markdown for a statement's date: "stated 2018", "resolved 2022-03-14 from 'on Monday'",
    or a greyed "reported 2021-06-07"; None without a date."""
    date = row.get("date")
    if not date:
        return None
    kind = row.get("date_kind")
    if kind == REPORTED:
        return f":gray[{REPORTED} {md(date)}]"
    if kind == "resolved" and row.get("date_text"):
        return f"resolved {md(date)} from ‘{md(row['date_text'])}’"
    if kind:
        return f"{md(kind)} {md(date)}"
    return md(date)
