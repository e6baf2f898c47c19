"""The Explore time slider (as Neo4j Bloom's Slicer): a window of years or months over the dates
of the statements in view, Play/Pause/Stop to step it forward, and a toggle for statements dated
only by their document ("reported").

Drawn inside the graph fragment, so moving the window or a step of Play reruns the graph only.
Playing makes the page declare that fragment with ``run_every`` (:func:`interval`); Play, Pause,
Stop and a change of speed while playing therefore rerun the whole page once, to start, end or
retime the stepping. The page pauses the playing (:func:`pause`) when the analyst clicks in the
graph, so that the details can be read, and when they come back to the page from another.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

import streamlit as st

from webapp import counts
from webapp.timeslice import UNITS, Slice, Window, filled, fit, periods, start, step

UNIT = "explore.when.unit"
REPORTED = "explore.when.reported"
PLAYING = "explore.when.playing"
STEPPED = "explore.when.stepped"
#: The slider's widget is keyed by a number that changes whenever the app (Play, Stop, a link)
#: moves the window: a widget's value cannot be set by the app once drawn, nor while a
#: ``value`` is passed, and a range slider needs its ``value``.
MOVED = "explore.when.moved"
ALL = "all dates"
#: Steps of Play per second the analyst can choose from, and the one it starts with.
SPEED = "explore.when.speed"
SPEEDS = (0.5, 1.0, 2.0, 4.0)
DEFAULT_SPEED = 1.0
#: The seconds between steps the graph fragment was declared with (a new speed redeclares it).
DECLARED = "explore.when.declared"


def window_key(unit: str) -> str:
    """Where the window of one unit is kept, as (first, last)."""
    return f"explore.when.{unit}"


def _move(unit: str, window: Window) -> None:
    """The app moves the window: kept, and the slider drawn anew with it."""
    st.session_state[window_key(unit)] = (window.first, window.last)
    st.session_state[MOVED] = st.session_state.get(MOVED, 0) + 1


@dataclass(frozen=True)
class Choice:
    """What the analyst chose: a window (None: every date) and whether reported dates count."""

    window: Optional[Window]
    reported: bool


def step_seconds() -> float:
    """Seconds between two steps of Play at the chosen speed."""
    return 1.0 / st.session_state.get(SPEED, DEFAULT_SPEED)


def interval() -> Optional[float]:
    """How often the graph fragment reruns by itself: every step while playing, else never."""
    seconds = step_seconds() if st.session_state.get(PLAYING) else None
    st.session_state[DECLARED] = seconds
    return seconds


def playing() -> bool:
    return bool(st.session_state.get(PLAYING))


def pause() -> None:
    """Stop stepping, the window kept. Called before the graph fragment is declared (the page
    came back) nothing more is needed; from inside it, the caller reruns the page so that the
    fragment stops rerunning by itself (:func:`pause_now`)."""
    st.session_state[PLAYING] = False


def pause_now() -> None:
    """Pause from inside the graph fragment: the whole page runs again, without ``run_every``."""
    if playing():
        pause()
        st.rerun(scope="app")


def restore(window: Optional[Window], reported: bool) -> None:
    """Set the controls to a link's window and toggle (before they are drawn)."""
    if window is not None:
        st.session_state[UNIT] = window.unit
        _move(window.unit, window)
    st.session_state[REPORTED] = reported


def controls(dates: list[str]) -> Choice:
    """The slider row over ``dates`` (those of the statements in view); advances the window when
    this run is a step of Play."""
    reported = st.session_state.setdefault(REPORTED, True)
    cols = st.columns([3, 6, 1.3, 1.3, 1.6], vertical_alignment="bottom")
    unit = cols[0].segmented_control("Statement dates", [ALL, *UNITS], key=UNIT, default=ALL,
                                     help="Show only the relationships with a statement dated inside a "
                                          "window of years or months; Play steps the window forward.")
    if unit in (None, ALL):
        _stop()
        return Choice(None, True)
    options = periods(dates, unit)
    if not options:
        cols[1].caption(f"No statement in view is dated to the {unit}.")
        _stop()
        return Choice(None, True)
    current = st.session_state.get(window_key(unit))
    window = fit(Window(*current) if current else Window(options[0], options[0]), options)
    _speed(cols[4])
    window = _advance(unit, window, options, filled(dates, unit))
    if len(options) > 1:
        first, last = cols[1].select_slider(
            "Window (drag one end to widen it into a range)", options, value=(window.first, window.last),
            key=f"explore.when.slider.{unit}.{st.session_state.get(MOVED, 0)}")
        window = Window(first, last)
    else:
        cols[1].caption(f"Every dated statement in view is from {options[0]}.")
    st.session_state[window_key(unit)] = (window.first, window.last)
    _buttons(cols[2], cols[3], unit, window, options)
    st.checkbox("Include statements dated only by their document (reported)", key=REPORTED,
                help="A sentence without a date of its own is dated by its article: the day it "
                     "was reported, not the day it happened.")
    return Choice(window, st.session_state[REPORTED])


def say(choice: Choice, sliced: Slice) -> None:
    """How many statements the window shows (and how many reported ones it leaves out)."""
    if choice.window is None:
        return
    text = (f"**{choice.window.label()}**: {counts.plural(sliced.statements, 'statement')} on "
            f"{counts.plural(sliced.graph.number_of_edges(), 'relationship')}")
    if sliced.left_out:
        text += f" · {counts.plural(sliced.left_out, 'reported statement')} left out"
    if playing():
        text += " · playing"
    st.caption(text)


def _advance(unit: str, window: Window, options: list[str], filled: frozenset[str]) -> Window:
    """One step of Play: the next window when a step is due (a click meanwhile is no step);
    at the last window the playing stops."""
    if not playing():
        return window
    now = time.monotonic()
    if now - st.session_state.get(STEPPED, 0.0) < step_seconds() * 0.75:
        return window
    following = step(window, options, filled)
    if following is None:
        _stop()
    st.session_state[STEPPED] = now
    _move(unit, following)
    return following


def _speed(col) -> None:
    """The speed of Play; a new one while playing redeclares the fragment's ``run_every``."""
    col.selectbox("Speed", SPEEDS, key=SPEED, index=SPEEDS.index(DEFAULT_SPEED),
                  format_func=lambda n: f"{n:g} step/s", help="Steps of Play per second.")
    if playing() and st.session_state.get(DECLARED) != step_seconds():
        st.rerun(scope="app")


def _buttons(play_col, stop_col, unit: str, window: Window, options: list[str]) -> None:
    on = playing()
    if play_col.button("Pause" if on else "Play", key="explore.when.play", width="stretch",
                       icon=":material/pause:" if on else ":material/play_arrow:"):
        if not on and step(window, options) is None:
            _move(unit, start(window, options))
        st.session_state[PLAYING] = not on
        st.session_state[STEPPED] = time.monotonic()
        st.rerun(scope="app")
    if stop_col.button("Stop", key="explore.when.stop", width="stretch", icon=":material/stop:",
                       disabled=not on and window == start(window, options)):
        _move(unit, start(window, options))
        _stop()
        st.rerun(scope="app")


def _stop() -> None:
    """End the playing, if on: the whole page runs again, which ends the fragment's
    ``run_every`` (else it would keep rerunning the graph for nothing)."""
    pause_now()
