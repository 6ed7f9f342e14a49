"""Areas as people write them (data/areas.yaml): 揭阳市, 合计 and 全市合计 are 全市; 揭西 and
揭西县 are one area. A data folder without areas.yaml accepts any area name, as written."""

from __future__ import annotations

from carbon_cli.choices import WHOLE_CITY
from carbon_cli.errors import UsageError
from carbon_cli.models import AreasFile
from carbon_cli.names import fold, pick, suggest

CACHE_LIMIT = 10_000  # distinct cell texts remembered


class Areas:
    """The areas of a data folder, each name and alias (folded) → the canonical name."""

    def __init__(self, file: AreasFile | None) -> None:
        self.file = file
        self.index: dict[str, str] = {}
        if file is not None:
            for area in file.areas:
                for name in (area.name, *area.aliases):
                    self.index.setdefault(fold(name), area.name)
        self.known: dict[str, str | None] = {}  # cell text → canonical name (None: unknown)

    def canonical(self, text: str) -> str | None:
        """The canonical name of the area a cell names (全市 for a blank one), None if unknown."""
        found = self.known.get(text, "")
        if found != "":
            return found
        name = text.strip()
        if not name:
            found = WHOLE_CITY
        elif self.file is None:
            found = name  # no list of areas: any name, as written
        else:
            found = self.index.get(fold(name))
        if len(self.known) < CACHE_LIMIT and len(text) <= 256:
            self.known[text] = found
        return found

    def names(self) -> list[str]:
        """The canonical names, in the file's order."""
        return [] if self.file is None else [a.name for a in self.file.areas]

    def closest(self, text: str) -> str:
        """The fix for an unknown area: the closest areas, else all of them."""
        by_name = {key: key for key in self.index}
        close = suggest(fold(text)[:64], by_name, lambda key: self.index[key])
        every = f"可填写的地区：{'、'.join(self.names())}"
        return f"{close or every}（地区及其别名见 data/areas.yaml）"

    def option(self, query: str) -> str:
        """The area `--area` names: a name, alias, short form or unique fragment (UsageError
        otherwise, with the closest areas); any non-blank name without areas.yaml."""
        name = query.strip()
        if not name:
            raise UsageError("--area 为空 (the area is blank)", f"例如 --area {WHOLE_CITY}")
        if self.file is None:
            return name
        names = {n: a.name for a in self.file.areas for n in (a.name, *a.aliases)}
        every = f"可选的地区：{'、'.join(self.names())}"
        return pick(name, names, lambda area: area, "地区", "", every)


def area_note(*areas: str) -> str | None:
    """For an area other than 全市, the one sentence saying the plan's targets are the city's (for
    several areas side by side, one sentence for them all); None for 全市 alone."""
    others = [a for a in areas if a != WHOLE_CITY]
    if not others:
        return None
    if len(areas) == 1:
        judged = f"这里用{others[0]}的数据对照全市目标评估"
    else:
        judged = "各县（市、区）的状态是用各自的数据对照全市目标评估的"
    return f"方案的目标都是全市目标，没有分解到各县（市、区）；{judged}，仅供参考。"
