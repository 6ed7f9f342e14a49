"""What the speed-ups must not change: polars and the exact reader agree, the plan cache and
libyaml give the same plan and problems, and JSON output never imports rich. No timings here."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from carbon_cli import cache as plan_cache
from carbon_cli import loading, yamlparse
from carbon_cli.errors import DataError
from carbon_cli.loading import DataSource, load_plan, packaged_data
from carbon_cli.models import Indicator
from carbon_cli.observations import fast as fastcsv
from carbon_cli.observations import read_observations

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
INDICATORS = [
    Indicator.model_validate(
        {"id": "forest_coverage", "name": "森林覆盖率", "unit": "%", "targets": []}
    ),
    Indicator.model_validate(
        {"id": "co2_emissions", "name": "二氧化碳排放量", "unit": "万吨二氧化碳", "targets": []}
    ),
]
HEADER = "indicator,year,value,area,source\n"
GOOD_ROWS = [
    "forest_coverage,2023,58.1,全市,统计公报",
    "森林覆盖率,2024,58.5%,榕城区,",
    'co2_emissions,２０２５,"1,234.5",榕城区,"年鉴, 2024"',
    "co2_emissions,2026,-0,普宁市,",
    "co2_emissions,2027,,普宁市,",  # a blank value: no observation
    ",,,,",  # Excel's empty line
    "ｆｏｒｅｓｔ_coverage, 2025 ,１２．５％,  ,",
    "co2_emissions,2028,1.5E+3,普宁市,",
]
# each a file the exact reader finds a problem in; polars must leave all of them to it
BAD_ROWS = {
    "unknown-indicator": "forest_cover,2023,1,全市,",
    "year-out-of-range": "forest_coverage,1899,1,全市,",
    "year-not-whole": "forest_coverage,2023.5,1,全市,",
    "value-not-number": "forest_coverage,2023,abc,全市,",
    "value-nan": "forest_coverage,2023,NaN,全市,",
    "percent-on-tonnes": "co2_emissions,2023,5%,全市,",
    "conflict": "forest_coverage,2000,99,县0,",
    "stray-cell": "forest_coverage,2023,1,全市,,extra",
    "open-quote": 'forest_coverage,2023,1,"全市,',
    "indicator-empty": ",2023,1,全市,",
    "too-big": "forest_coverage,2023,1e999,全市,",
}


def big_file(path: Path, extra: list[str], header: str = HEADER) -> Path:
    """A file of a few hundred rows plus `extra` rows, read by polars (MIN_BYTES lowered)."""
    lines = [f"forest_coverage,{2000 + i % 100},{i}.5,县{i // 100},年鉴" for i in range(300)]
    path.write_text(header + "\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


def read_both(paths: list[Path]) -> tuple[tuple[object, object, int], tuple[object, object, int]]:
    """(series, problems, len) from polars and from the exact reader."""
    fast, fast_problems = read_observations(paths, INDICATORS, sources=False, fast=True)
    slow, slow_problems = read_observations(paths, INDICATORS, sources=False, fast=False)
    return (fast.series, fast_problems, len(fast)), (slow.series, slow_problems, len(slow))


@pytest.fixture
def polars_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is large enough for polars; skip when the `fast` extra is not installed."""
    pytest.importorskip("polars")
    monkeypatch.delenv(fastcsv.SWITCH, raising=False)
    monkeypatch.setattr(fastcsv, "MIN_BYTES", 0)


@pytest.mark.usefixtures("polars_on")
def test_polars_reads_what_the_exact_reader_reads(tmp_path: Path) -> None:
    """Full-width digits, %, separators, -0, blanks and Excel's empty lines, read alike."""
    path = big_file(tmp_path / "obs.csv", GOOD_ROWS)
    fast, _ = read_observations([path], INDICATORS, sources=False)
    assert fast._blocks, "polars did not take the file: the comparison would prove nothing"
    assert read_both([path])[0] == read_both([path])[1]
    assert fast.get("co2_emissions", "榕城区") == {2025: Decimal("1234.5")}
    assert str(fast.get("co2_emissions", "普宁市")[2026]) == "0"
    assert fast.get("forest_coverage", "全市")[2025] == Decimal("12.5")


@pytest.mark.usefixtures("polars_on")
@pytest.mark.parametrize("row", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_problems_are_the_exact_readers(tmp_path: Path, row: str) -> None:
    """Whatever polars makes of a bad file, the problems are the exact reader's, line and col."""
    path = big_file(tmp_path / "obs.csv", [*GOOD_ROWS, row])
    fast, slow = read_both([path])
    assert slow[1], "the row is not a problem: the test proves nothing"
    assert fast == slow


@pytest.mark.usefixtures("polars_on")
def test_gb18030_and_crlf_read_alike(tmp_path: Path) -> None:
    """Another encoding and Excel's line ends: the same values (polars leaves GB18030 alone)."""
    text = big_file(tmp_path / "utf8.csv", GOOD_ROWS).read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    for path in (gbk, crlf):
        fast, slow = read_both([path])
        assert fast == slow
        assert not slow[1]


@pytest.mark.usefixtures("polars_on")
def test_a_value_given_again_in_another_file(tmp_path: Path) -> None:
    """A later file repeating a key of a polars-read one: judged and worded by the exact reader."""
    first = big_file(tmp_path / "a.csv", [])
    same = tmp_path / "same.csv"
    same.write_text(HEADER + "forest_coverage,2000,0.5,县0,\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "forest_coverage,2000,7,县0,\n", encoding="utf-8")
    for second in (same, other):
        for paths in ([first, second], [second, first]):
            fast, slow = read_both(paths)
            assert fast == slow
    assert "(conflicting values)" in str(read_both([first, other])[1][1][0])


# --- hostile rows: polars takes a file only where it reads it as the exact reader does --------

# cells csv and polars might read apart, by column: each replaces one good cell of a file
HOSTILE_CELLS = [
    ["forest", "", '"forest_coverage"', "forest_coverage\r", "\rforest_coverage", 'fo"rest'],
    ["2025.0", "1899", "", "9" * 4400, "2025\r", "\r2025", "20\r25", "2026年", '"20"25'],
    ["1e99999999999999999999", "NaN", "12,3", '"5"x', "58.8\r", "\r5", "1_000", " "],
    ['"a\nb"', "a\rb", "a\x00b", ' "q"', "\r榕城区", '"a"b', "a\r"],
    ['"年鉴\r\n2024"', "年\r鉴", '"年鉴\n"', "\r"],
]
ENDS = ["\n", "\r\n", "\r"]
MIB_OF_LINES = b"\n" * (1 << 20)


@st.composite
def good_rows(draw: st.DrawFn) -> list[list[str]]:
    """Valid rows, as people and exports write them, no key twice (polars takes such a file)."""
    years = draw(st.lists(st.integers(2000, 2030), min_size=1, max_size=5, unique=True))
    return [
        [
            draw(st.sampled_from(["forest_coverage", "森林覆盖率", " co2_emissions "])),
            draw(st.sampled_from(["{}", " {} ", '"{}"'])).format(
                str(year).translate(FULL_WIDTH) if draw(st.booleans()) else year
            ),
            draw(st.sampled_from(["58.8", "12", '"1,234.5"', "-0", "", "1.5E+3", "５８．８"])),
            draw(st.sampled_from(["全市", "", "榕城区", '"a,b"', '"a""b"'])),
            draw(st.sampled_from(["", "年鉴", '"年鉴, 2024"'])),
        ]
        for year in years
    ]


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    """A valid file with one hostile edit: a cell from HOSTILE_CELLS, or a stray \\r, NUL or quote
    next to a comma or a line end (as the issue's forest_coverage,2025\\r,58.8,), or a blank,
    empty or short row; in any line end and encoding."""
    rows = [",".join(row) for row in draw(good_rows())]
    edit = draw(st.sampled_from(["cell", "stray", "row", "none"]))
    if edit == "cell":
        at, col = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, 4))
        cells = rows[at].split(",") if '"' not in rows[at] else None
        if cells is not None and len(cells) == 5:
            cells[col] = draw(st.sampled_from(HOSTILE_CELLS[col]))
            rows[at] = ",".join(cells)
    elif edit == "row":
        at = draw(st.integers(0, len(rows)))
        rows.insert(at, draw(st.sampled_from([",,,,", "", "forest_coverage,2031", " , , , , "])))
    end = draw(st.sampled_from(ENDS))
    text = "".join(f"{line}{end}" for line in ["indicator,year,value,area,source", *rows])
    if edit == "stray":
        marks = [i for i, c in enumerate(text) if c in ",\n\r"]
        at = draw(st.sampled_from(marks)) + draw(st.sampled_from([0, 1]))
        text = text[:at] + draw(st.sampled_from(["\r", "\0", '"'])) + text[at:]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])))


@pytest.mark.usefixtures("polars_on")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_files())
@example(data=b"indicator,year,value,area,source\nforest_coverage,2025\r,58.8,,\n")
@example(data=b"indicator,year,value,area,source\nforest_coverage,\r2025,58.8,,\n")
# a quoted cell over many lines, 1 MiB in all: csv refuses it, polars reads it
@example(
    data=b'indicator,year,value,area,source\n"forest_coverage' + MIB_OF_LINES + b'",2025,1,,\n'
)
@example(
    data=b'indicator,year,value,area,source\nforest_coverage,2025,1,"a' + MIB_OF_LINES + b'",\n'
)
@example(
    data=b'indicator,"year' + MIB_OF_LINES + b'",value,area,source\nforest_coverage,2025,1,,\n'
)
def test_polars_and_the_exact_reader_agree_on_hostile_rows(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """Whatever the bytes, polars gives the exact reader's values and problems: it takes a file
    only when it reads it the same way, and leaves every other to the exact reader."""
    path = tmp_path_factory.mktemp("hostile") / "obs.csv"
    path.write_bytes(data)
    fast, slow = read_both([path])
    assert fast == slow


@pytest.mark.usefixtures("polars_on")
def test_the_property_sees_polars_take_files(tmp_path: Path) -> None:
    """The property above would prove nothing if polars never took a file: it takes this one,
    made from the same cells."""
    path = tmp_path / "obs.csv"
    path.write_text(
        'indicator,year,value,area,source\r\n森林覆盖率,２０２５,"1,234.5","a,b",年鉴\r\n,,,,\r\n',
        encoding="utf-8",
    )
    found, problems = read_observations([path], INDICATORS, sources=False)
    assert found._blocks
    assert not problems
    assert found.get("forest_coverage", "a,b") == {2025: Decimal("1234.5")}


@pytest.mark.usefixtures("polars_on")
def test_a_rust_panic_leaves_the_file_to_the_exact_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """polars' PanicException is no Exception: it is caught all the same, and the exact reader
    reads the file; Ctrl-C still stops the program."""
    import polars as pl

    path = big_file(tmp_path / "obs.csv", GOOD_ROWS)
    expected = read_observations([path], INDICATORS, sources=False, fast=False)

    def panic(*args: object, **kwargs: object) -> None:
        raise pl.exceptions.PanicException("capacity overflow")

    monkeypatch.setattr(pl, "read_csv", panic)
    found, problems = read_observations([path], INDICATORS, sources=False)
    assert not found._blocks
    assert (found.series, problems) == (expected[0].series, expected[1])

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pl, "read_csv", interrupt)
    with pytest.raises(KeyboardInterrupt):
        read_observations([path], INDICATORS, sources=False)


@pytest.mark.usefixtures("polars_on")
def test_polars_never_sees_a_line_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line of 1 MiB or more goes to the exact reader before polars reads a byte (a 300 MB
    line took polars 2.9 GB), and is refused there."""
    import polars as pl

    path = tmp_path / "obs.csv"
    path.write_text(HEADER + "forest_coverage,2025,50,全市," + "x" * (1 << 20) + "\n")
    monkeypatch.setattr(pl, "read_csv", None)  # any call would fail the test
    _, problems = read_observations([path], INDICATORS, sources=False)
    assert [p.at() for p in problems] == [(str(path), 2, None, "line-too-long")]


def test_sources_kept_only_when_asked(tmp_path: Path) -> None:
    """status needs no sources; the report asks for them."""
    path = big_file(tmp_path / "obs.csv", [])
    assert read_observations([path], INDICATORS)[0].sources
    assert not read_observations([path], INDICATORS, sources=False)[0].sources


def test_switched_off_polars_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CARBON_FASTCSV=0 (the benchmarks' pure run) keeps every file with the exact reader."""
    monkeypatch.setattr(fastcsv, "MIN_BYTES", 0)
    monkeypatch.setenv(fastcsv.SWITCH, "0")
    found, _ = read_observations([big_file(tmp_path / "obs.csv", [])], INDICATORS, sources=False)
    assert not found._blocks


# --- the plan: cache and libyaml -------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(plan_cache.CACHE_VAR, str(folder))
    return folder


def copy_data(folder: Path) -> Path:
    """A copy of the shipped data files."""
    folder.mkdir()
    for name in loading.FILES.values():
        (folder / name).write_bytes((packaged_data() / name).read_bytes())
    return folder


def test_cached_plan_equals_the_validated_one(tmp_path: Path, cache: Path) -> None:
    """The second load comes from the cache and is the same plan, positions included."""
    source = DataSource(copy_data(tmp_path / "data"), "--data")
    first = load_plan(source)
    assert len(list(cache.glob("plan-*.json"))) == 1
    second = load_plan(source)
    assert not second.documents  # from the cache: no YAML parsed yet
    assert (second.departments, second.tasks, second.targets) == (
        first.departments,
        first.tasks,
        first.targets,
    )
    loc = ["indicators", 0, "targets", 0, "quote"]
    assert second.position("targets", loc) == first.position("targets", loc)


def test_an_edited_file_is_never_served_from_the_cache(tmp_path: Path, cache: Path) -> None:
    """The cache is keyed by the texts: an edit is validated, and its problems reported."""
    data = copy_data(tmp_path / "data")
    load_plan(DataSource(data, "--data"))
    targets = data / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8")
        .replace("unit: '%'", "unit: ''", 1)
        .replace('unit: "%"', 'unit: ""', 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError):
        load_plan(DataSource(data, "--data"))
    for entry in cache.glob("plan-*.json"):
        entry.write_bytes(b"not JSON")  # a damaged entry is read past, not trusted
    (data / "targets.yaml").write_bytes((packaged_data() / "targets.yaml").read_bytes())
    assert load_plan(DataSource(data, "--data")).targets.indicators


def test_a_cache_entry_others_could_write_is_not_read(tmp_path: Path, cache: Path) -> None:
    """An entry writable by group or others is ignored, not trusted."""
    source = DataSource(copy_data(tmp_path / "data"), "--data")
    load_plan(source)
    (entry,) = cache.glob("plan-*.json")
    assert not load_plan(source).documents  # private: served from the cache
    entry.chmod(0o666)
    assert load_plan(source).documents  # writable by others: the files were read again


def test_an_unwritable_cache_is_silently_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder that cannot be made (a file is in the way): the plan loads all the same."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(plan_cache.CACHE_VAR, str(blocker / "cache"))
    assert load_plan(DataSource(packaged_data(), "packaged")).tasks.groups


BAD_YAML = [
    "a: 1\na: 2\n",
    "a: &x 1\nb: *x\n",
    "a:\n\t- 1\n",
    "a: [1, 2\n",
    "a: 'open\n",
    "- a\nb: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: \x07\n",
    "[" * 30 + "]" * 30 + "\n",
    "a: b: c\n",
    "? [a]\n: 1\n",
    "a: !!python/object:os.system x\n",
    "",
]


@pytest.mark.skipif(yamlparse._CLoader is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("text", BAD_YAML)
def test_libyaml_and_pure_loader_report_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_yaml (libyaml first) says exactly what the pure-Python loader alone says."""

    def outcome() -> object:
        try:
            root, data = loading.parse_yaml(text, "f.yaml")
        except DataError as e:
            return [str(p) for p in e.problems]
        return yaml.serialize(root), data

    combined = outcome()
    monkeypatch.setattr(yamlparse, "_CLoader", None)
    assert combined == outcome()


@pytest.mark.skipif(yamlparse._CLoader is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("name", loading.FILES.values())
def test_libyaml_gives_the_same_tree_on_the_shipped_data(name: str) -> None:
    """Same data, same node positions: every mark of every node."""
    text = (packaged_data() / name).read_text(encoding="utf-8")

    def marks(node: yaml.Node) -> list[tuple[int, int]]:
        found = [(node.start_mark.line, node.start_mark.column)]
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                found += marks(k) + marks(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                found += marks(v)
        return found

    c_root, c_data = yamlparse._parse(yamlparse._CLoader(text, name), name)  # type: ignore[misc]
    p_root, p_data = yamlparse._parse(yamlparse._Loader(text, name), name)
    assert c_data == p_data
    assert marks(c_root) == marks(p_root)


def test_json_output_and_the_core_never_import_rich() -> None:
    """rich is for tables only: status --format json and the core load without it."""
    code = (
        "import sys\n"
        "from carbon_cli.cli import main\n"
        "main(['status', '--year', '2025', '--format', 'json'])\n"
        "assert 'rich' not in sys.modules, sorted(m for m in sys.modules if 'rich' in m)\n"
        "assert 'polars' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["status", "--year", "2025", "--format", "json"], {"status"}),
        (["owners", "--help"], {"owners"}),
        (["--version"], "all"),
        (["statu"], "all"),  # a misspelt command: typer's suggestion needs every name
    ],
)
def test_a_run_builds_only_the_command_it_names(
    args: list[str], built: set[str] | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """typer builds each command an app holds before parsing: `carbon status` builds status."""
    import typer.main

    from carbon_cli.cli import app, main

    made: list[str] = []
    real = typer.main.get_command_from_info

    def spy(command_info: typer.models.CommandInfo, **kwargs: object) -> object:
        made.append(command_info.callback.__name__)  # type: ignore[union-attr]
        return real(command_info, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(typer.main, "get_command_from_info", spy)
    main(args)
    everything = {c.callback.__name__ for c in app.registered_commands}  # type: ignore[union-attr]
    assert set(made) == (everything if built == "all" else built)


@pytest.mark.parametrize("name", ["status", "owners", "report", "template", "explain"])
def test_a_command_alone_says_what_it_says_in_the_whole_app(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one-command app is the same command: its help and a usage error read the same."""
    import typer.main

    from carbon_cli.cli import app, main

    group = typer.main.get_command(app)
    code = main([name, "--help"])
    alone = capsys.readouterr().out
    group.main([name, "--help"], prog_name="carbon", standalone_mode=False)
    assert (code, capsys.readouterr().out) == (0, alone)

    code = main([name, "--no-such-option"])
    said = capsys.readouterr().err
    with pytest.raises(typer.TyperException) as whole:
        group.main([name, "--no-such-option"], prog_name="carbon", standalone_mode=False)
    assert code == whole.value.exit_code == 2
    assert f"({whole.value.format_message()})" in said
