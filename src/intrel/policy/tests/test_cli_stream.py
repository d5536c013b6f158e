"""``intrel assess`` streams: it reads a list item by item and writes decision by decision,
with the bytes, the problems and the JSON errors of reading the whole file at once."""

from __future__ import annotations

import importlib.util
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intrel.policy import cli, evaluate, load_framework, parse_subjects
from intrel.policy.decision import dumps, encode_indented
from intrel.policy.framework import DEFAULT_PATH
from intrel.policy.tests.conftest import AS_OF, committee, relation

BENCH = DEFAULT_PATH.parent / "bench" / "bench_policy.py"


def generated(n: int) -> list[dict[str, Any]]:
    """The benchmark's varied, seeded relations (every purpose, status, owner, budget...)."""
    spec = importlib.util.spec_from_file_location("bench_policy", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data: list[dict[str, Any]] = module.generate(n, seed=11)
    return data


def assess(text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["--framework", "helmond-2013", "--input", "-", "--as-of", AS_OF.isoformat()]
    status = cli.assess_main(argv, io.StringIO(text), out, err)
    return status, out.getvalue(), err.getvalue()


def whole(data: Any) -> str:
    """What the CLI wrote before it streamed: every decision, then one ``json.dumps``."""
    fw = load_framework("helmond-2013")
    decisions = [evaluate(fw, s, AS_OF).to_dict() for s in parse_subjects(data)]
    return dumps(decisions if isinstance(data, list) else decisions[0])


@pytest.mark.parametrize("chunk", [7, 1000, 1 << 20])
def test_streamed_output_is_byte_identical(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Several hundred varied subjects (and the other two subject types), read in chunks that
    cut values anywhere (7 characters: inside numbers, texts, literals), indented or not."""
    monkeypatch.setattr(cli, "_CHUNK", chunk)
    data: list[Any] = [*generated(300), committee(), relation(id="een-heel-gewone")]
    expected = whole(data)
    for text in (json.dumps(data), json.dumps(data, indent=4, ensure_ascii=False)):
        status, out, err = assess(text)
        assert (status, err) == (0, "")
        assert out == expected


@pytest.mark.parametrize("text", ["[]", " [ ] ", "\n[\n]\n"])
def test_an_empty_list(text: str) -> None:
    assert assess(text) == (0, "[]\n", "")


def test_one_subject_stays_one_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_CHUNK", 5)
    data = relation(id="enkel")
    assert assess(json.dumps(data)) == (0, whole(data), "")


BROKEN = [
    "",
    "[",
    "[1",
    "[1,",
    "[1,]",
    "[1 2]",
    "[1] x",
    "[{}, {]",
    '[{"a": 1}\n,\n{"b" 2}]',
    '[\n  {"id": "x"},\n  {"id": "y",}\n]',
    '[\n\n  "unterminated\n]',
    "[tru]",
    "[1.5e]",
    '{"a": 1',
    "{nope",
    "\n\n   {nope",
    '  \n {"subject": "relation"} x',
    "\n\n   [1,\n  2 3]",
]


@pytest.mark.parametrize("chunk", [3, 1 << 20])
@pytest.mark.parametrize("text", BROKEN)
def test_json_errors_name_the_place_json_would(
    monkeypatch: pytest.MonkeyPatch, chunk: int, text: str
) -> None:
    monkeypatch.setattr(cli, "_CHUNK", chunk)
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads(text)
    status, out, err = assess(text)
    assert (status, out) == (2, "")
    assert err == cli._json_problem(info.value) + "\n"
    assert f"line {info.value.lineno} column {info.value.colno}:" in err


def test_invalid_subjects_late_in_a_stream_leave_stdout_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decisions wait until the whole input proved valid; then nothing reaches stdout."""
    monkeypatch.setattr(cli, "_CHUNK", 64)
    data: list[Any] = generated(50)
    data.append(relation(id="laat", purposes=[]))
    data.append(dict(data[0]))
    status, out, err = assess(json.dumps(data))
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        'relation "laat": purposes: at least one purpose is required',
        f'relation "{data[0]["id"]}": id: duplicate id',
    ]


def test_a_large_output_goes_through_the_spool_to_disk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cli, "_CHUNK", 4096)
    data = generated(120)
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["--framework", "helmond-2013", "--input", str(path), "--as-of", "2014-01-01"]
    assert cli.assess_main(argv, io.StringIO(), out, err) == 0
    assert out.getvalue() == whole(data)


VALUES: list[Any] = [
    {},
    [],
    {"a": [], "b": {}, "c": None, "d": True, "e": False},
    ['é ü € \u2028 \x00 \x1f " \\ / \t', "", "日本"],
    [0, -1, 10**30, 1.5, -0.0, 1e-300],
    {"x": [{"y": [1, [2, [3, []]]]}]},
]


@pytest.mark.parametrize("value", VALUES)
def test_encode_indented_is_json_dumps(value: Any) -> None:
    assert encode_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    nested = json.dumps([value], ensure_ascii=False, indent=2)
    assert nested == "[\n  " + encode_indented(value, 1) + "\n]"


def test_encode_indented_falls_back_for_what_it_does_not_know() -> None:
    deep: list[Any] = []
    for _ in range(100):
        deep = [deep]
    for value in (deep, {1: "a", None: 2}, {"n": float("nan")}):
        assert encode_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
        assert encode_indented(value, 2) == json.dumps(value, ensure_ascii=False, indent=2).replace(
            "\n", "\n    "
        )


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,  # a list: decoded item by item
        '{"a": ' * 100_000 + "1" + "}" * 100_000,  # one value: decoded at once
        "[" + "[" * 100_000 + "]" * 100_000 + "]",  # a list whose item is too deep
    ],
    ids=["list", "object", "item"],
)
def test_input_nested_too_deeply_is_a_problem_not_a_traceback(text: str) -> None:
    assert assess(text) == (2, "", "input: the JSON is nested too deeply\n")


def compare(text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["helmond-2013", "voorbeeld-2026", "--input", "-", "--as-of", "2027-01-01"]
    status = cli.compare_main(argv, io.StringIO(text), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_compare_streams_its_input_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """``policy compare`` reads its input as ``assess`` does (item by item, in chunks that cut
    values anywhere) and prints what comparing the whole list at once gives."""
    from intrel.policy import compare_frameworks

    monkeypatch.setattr(cli, "_CHUNK", chunk)
    data: list[Any] = [*generated(120), committee()]
    a, b = load_framework("helmond-2013"), load_framework("voorbeeld-2026")
    expected = compare_frameworks(a, b, parse_subjects(data), date(2027, 1, 1)).to_dict()
    status, out, err = compare(json.dumps(data))
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result == json.loads(dumps(expected))
    assert result["subjects"] == 121 and result["changed"] > 0 and result["unchanged"] > 0
    ids = [(d["subject"], d["id"]) for d in result["differences"]]
    assert ids == sorted(ids)


def test_compare_reports_invalid_subjects_late_in_a_stream_and_prints_nothing() -> None:
    data: list[Any] = [*generated(50), {"subject": "relation", "id": "kapot"}, *generated(3)]
    status, out, err = compare(json.dumps(data))
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert lines and all(line.startswith('relation "') for line in lines)
    assert any('"kapot"' in line for line in lines)
    assert sum("duplicate id" in line for line in lines) == 3  # generated(3) repeats 0..2


def assess_with(text: str, workers: int) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["--framework", "helmond-2013", "--input", "-", "--as-of", AS_OF.isoformat()]
    status = cli.assess_main([*argv, "--workers", str(workers)], io.StringIO(text), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_write_the_same_bytes_as_one_process(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Batches of 7 spread over forked workers: the decisions come out in the list's order,
    byte for byte what one process writes."""
    monkeypatch.setattr(cli, "_BATCH", 7)
    data: list[Any] = [*generated(150), committee(), relation(id="een-heel-gewone")]
    text = json.dumps(data)
    one = assess_with(text, 1)
    assert one == (0, whole(data), "")
    assert assess_with(text, workers) == one


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_workers_report_every_problem_in_the_list_order(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Invalid items and duplicate ids in different batches (a duplicate of an item of an
    earlier batch, one of an item of the same batch): every problem, in the list's order,
    as one process reports them, and nothing on stdout."""
    monkeypatch.setattr(cli, "_BATCH", 5)
    data: list[Any] = generated(40)
    data[3] = relation(id="vroeg", purposes=[])
    data[17] = dict(data[1])  # a duplicate of an item of the first batch
    data[23] = dict(data[21])  # a duplicate within one batch
    data[38] = "geen object"
    status, out, err = assess_with(json.dumps(data), workers)
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        'relation "vroeg": purposes: at least one purpose is required',
        f'relation "{data[1]["id"]}": id: duplicate id',
        f'relation "{data[21]["id"]}": id: duplicate id',
        "subject [38]: (subject): not an object",
    ]


@pytest.mark.parametrize("value", ["0", "-1", "x", "65", "1.5"])
def test_workers_must_be_a_sensible_whole_number(value: str) -> None:
    status, out, err = assess_with("[]", value)  # type: ignore[arg-type]
    assert (status, out) == (2, "")
    assert err == f"--workers: not a whole number from 1 to 64: {value}\n"


def test_the_compiled_encoder_writes_the_bytes_of_json_dumps() -> None:
    """``encode_decision`` (orjson) against ``json.dumps(indent=2, ensure_ascii=False)``: every
    decision of the benchmark's subjects under both frameworks, texts holding every character
    class (controls, quotes, backslashes, line separators, astral planes), and a lone
    surrogate, which orjson refuses and the slow way writes as json does."""
    from intrel.policy.decision import encode_decision

    texts = "".join(chr(i) for i in range(0x250)) + "\u2028\u2029\ufeff日本€\U0001f600"
    for name in ("helmond-2013", "voorbeeld-2026"):
        fw = load_framework(name)
        for subject in parse_subjects(generated(200)):
            d = evaluate(fw, subject, AS_OF).to_dict()
            for level in (0, 1):
                expected = json.dumps(d, ensure_ascii=False, indent=2)
                expected = expected.replace("\n", "\n" + "  " * level)
                assert encode_decision(d, level) == expected
    odd = {"message": texts, "list": [texts, {"x": None, "y": True, "z": []}], "e": {}}
    assert encode_decision(odd, 1) == json.dumps(odd, ensure_ascii=False, indent=2).replace(
        "\n", "\n  "
    )
    lone = {"message": "a\ud800b"}
    assert encode_decision(lone) == json.dumps(lone, ensure_ascii=False, indent=2)
