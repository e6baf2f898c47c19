"""The Explore view in the page's URL, so that a link opens the same view: the filters, the
entity selected, the entities in focus, the saved view drawn with its parameters, and the time
slider's window (``when``; ``reported=no`` when statements dated by their document are left out).

    /explore?type=State&predicate=withdraws_from&when=2019..2021&entity=russia
    /explore?when=2020-03&reported=no
    /explore?view=Who+left+a+treaty&vp.treaty=INF+Treaty

:func:`encode` and :func:`decode` convert between :class:`ExploreState` and query parameters
(name -> list of values, as ``st.query_params.get_all`` gives them); the page applies a decoded
state once per session, then keeps the URL in step with what it shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

from webapp import timeslice

#: The filters tuple of :mod:`webapp.filters`, as URL keys (its dates are the time window's,
#: ``when``; an older link's ``years=2019-2021`` is read as that window).
LIST_KEYS = ("doc", "type", "predicate", "modality")
VIEW_PARAM = "vp."
#: Focus lists longer than this are left out of the URL (a link must stay a link).
MAX_FOCUS = 60
_YEARS = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class ExploreState:
    filters: tuple = (None, None, None, None, None, None)
    entity: Optional[str] = None
    focus: Optional[tuple[str, ...]] = None
    view: Optional[str] = None
    view_params: dict[str, str] = field(default_factory=dict)
    #: The time slider's window (None: every date) and whether reported dates count in it.
    window: Optional[timeslice.Window] = None
    reported: bool = True


def encode(state: ExploreState) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    documents, types, predicates, modalities, _since, _until = state.filters
    for key, values in zip(LIST_KEYS, (documents, types, predicates, modalities)):
        if values:
            out[key] = list(values)
    if state.window is not None:
        out["when"] = [timeslice.encode(state.window)]
        if not state.reported:
            out["reported"] = ["no"]
    if state.view:
        out["view"] = [state.view]
        for name, value in state.view_params.items():
            out[VIEW_PARAM + name] = [value]
    elif state.focus is not None and len(state.focus) <= MAX_FOCUS:
        out["focus"] = list(state.focus)
    if state.entity:
        out["entity"] = [state.entity]
    return out


def decode(params: Mapping[str, list[str]]) -> ExploreState:
    """The state a URL's parameters describe (values are checked against the graph by the page)."""
    def values(key: str) -> Optional[tuple]:
        found = tuple(sorted({v for v in params.get(key, []) if v}))
        return found or None

    window = timeslice.decode((params.get("when") or [""])[-1])
    years = _YEARS.match((params.get("years") or [""])[-1])
    if window is None and years and years.group(1) <= years.group(2):
        window = timeslice.Window(*years.groups())  # links from before the time slider
    reported = (params.get("reported") or ["yes"])[-1] != "no" or window is None
    filters = (values("doc"), values("type"), values("predicate"), values("modality"), None, None)
    focus = tuple(v for v in params.get("focus", []) if v) or None
    view = (params.get("view") or [None])[-1] or None
    view_params = {key[len(VIEW_PARAM):]: vals[-1] for key, vals in params.items()
                   if key.startswith(VIEW_PARAM) and vals}
    entity = (params.get("entity") or [None])[-1] or None
    return ExploreState(filters, entity, focus, view, view_params, window, reported)
