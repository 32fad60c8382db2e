"""The geometry of a plan's timeline: actions as bars, milestones as marks, on a time axis.

Plain Python (no ORM): the public page renders it as inline SVG with the `app-chart` classes,
because the CSP forbids style attributes. Shapes differ as well as colours, so no meaning
rests on colour alone, and the same facts follow as a list.
"""

from dataclasses import dataclass, field
from datetime import date

WIDTH = 720
LEFT = 8
RIGHT = 704
AXIS_Y = 24
ROW_HEIGHT = 56
LABEL_CHARS = 90
TICK_LABEL_WIDTH = 64  # "Sep 2027" in 14 px: a label starts at its tick, the last one at RIGHT


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    title: str
    due: date
    state: str  # "done", "overdue" or "due"

    @property
    def diamond(self) -> str:
        return f"M{self.x:.1f} {self.y - 8:.1f} l8 8 l-8 8 l-8 -8 z"

    @property
    def box_x(self) -> float:
        return round(self.x - 6, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 6, 1)


@dataclass(frozen=True)
class Row:
    label: str
    full_title: str
    label_y: float
    bar_y: float
    x1: float
    x2: float
    finished: bool
    overdue: bool
    marks: list[Mark] = field(default_factory=list)

    @property
    def bar_width(self) -> float:
        return round(max(self.x2 - self.x1, 2.0), 1)

    @property
    def target_top(self) -> float:
        return self.bar_y - 6

    @property
    def target_bottom(self) -> float:
        return self.bar_y + 14


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    height: int
    rows: list[Row]
    ticks: list[Tick]
    today_x: float | None

    @property
    def view_box(self) -> str:
        return f"0 0 {max(WIDTH, RIGHT + TICK_LABEL_WIDTH)} {self.height}"

    @property
    def grid_bottom(self) -> int:
        return self.height - 4


@dataclass(frozen=True)
class TimelineAction:
    """What the timeline needs of an action."""

    title: str
    target_date: date
    finished: bool
    milestones: list[tuple[str, date, date | None]]  # title, due date, done date


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(day: date) -> date:
    """The first day of the quarter after the one holding `day`."""
    start = _quarter_start(day)
    month = start.month + 3
    return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _ticks(start: date, end: date, scale) -> list[Tick]:
    quarters = []
    day = start
    while day <= end:
        quarters.append(day)
        day = _next_quarter(day)
    step = 1 if len(quarters) <= 9 else 4
    return [Tick(scale(q), q.strftime("%b %Y")) for q in quarters[::step]]


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def build_timeline(begins: date, actions: list[TimelineAction], today: date) -> Timeline | None:
    """The timeline from `begins` (the plan's start) to the last date it mentions. Each action's
    bar runs from the plan's start (or its first milestone, if earlier) to its target date."""
    if not actions:
        return None
    dates = [begins, today]
    for action in actions:
        dates.append(action.target_date)
        dates.extend(due for _, due, _ in action.milestones)
    start = _quarter_start(min(dates))
    end = _next_quarter(max(dates))
    span = max((end - start).days, 1)

    def scale(day: date) -> float:
        return round(LEFT + (day - start).days / span * (RIGHT - LEFT), 1)

    rows = []
    for index, action in enumerate(actions):
        top = AXIS_Y + 8 + index * ROW_HEIGHT
        bar_y = top + 26
        marks = [
            Mark(
                scale(due),
                bar_y + 4,
                title,
                due,
                "done" if done else ("overdue" if due < today else "due"),
            )
            for title, due, done in action.milestones
        ]
        rows.append(
            Row(
                label=_shorten(action.title),
                full_title=action.title,
                label_y=top + 16,
                bar_y=bar_y,
                x1=scale(min([begins, *(due for _, due, _ in action.milestones)])),
                x2=scale(action.target_date),
                finished=action.finished,
                overdue=not action.finished and action.target_date < today,
                marks=marks,
            )
        )
    height = AXIS_Y + 8 + len(actions) * ROW_HEIGHT + 8
    today_x = scale(today) if start <= today <= end else None
    return Timeline(start, end, height, rows, _ticks(start, end, scale), today_x)
