"""Targets as a technician types them, and the lines refused with a reason."""

from __future__ import annotations

import pytest

from sync.netcheck.targets import Target, TargetError, parse_target, parse_targets


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "printer.acme.local:9100  # reception printer",
            Target("tcp", "printer.acme.local", 9100, label="reception printer"),
        ),
        ("[fd00::5]:445", Target("tcp", "fd00::5", 445)),
        (
            "https://intranet.acme.local/status",
            Target("http", "intranet.acme.local", 443, url="https://intranet.acme.local/status"),
        ),
        ("http://10.0.0.9:8080/", Target("http", "10.0.0.9", 8080, url="http://10.0.0.9:8080/")),
        ("ping:router.acme.local", Target("icmp", "router.acme.local")),
        ("10.0.0.1", Target("icmp", "10.0.0.1")),
        ("fileserver.acme.local", Target("dns", "fileserver.acme.local", 53)),
        ("dns:nas.acme.local@10.0.0.2", Target("dns", "nas.acme.local", 53, server="10.0.0.2")),
        ("dns:nas@127.0.0.1:5353", Target("dns", "nas", 5353, server="127.0.0.1")),
    ],
)
def test_each_kind_of_line_means_one_probe(line: str, expected: Target) -> None:
    assert parse_target(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "printer.acme.local:9100  # reception",
        "dns:nas@127.0.0.1:5353",
        "ping:10.0.0.1",
        "https://x.acme.local/",
        "[fd00::5]:445",
        "dns:nas.acme.local",
    ],
)
def test_a_target_is_written_back_as_it_parses(line: str) -> None:
    target = parse_target(line)
    assert parse_target(target.line) == target


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("printer:99999", "port must be a number from 1 to 65535"),
        ("printer:abc", "port must be a number"),
        ("bad host name!", "is not a host name or an address"),
        ("https://", "has no host"),
    ],
)
def test_a_line_that_means_nothing_is_refused_with_why(line: str, says: str) -> None:
    with pytest.raises(TargetError, match=says):
        parse_target(line)


def test_blank_lines_and_comments_are_skipped() -> None:
    assert [t.text for t in parse_targets("\n# the office\nnas:445\n\n")] == ["nas:445"]


def test_a_kb_articles_hostile_label_is_shown_as_inert_text() -> None:
    """Site targets come from a KB article anyone with rights on the class may write."""
    target = parse_target("printer:9100  # \x1b]8;;http://evil\x07reception\u202e printer")
    assert target.host == "printer" and target.port == 9100
    assert target.label == "␛]8;;http://evil␇reception printer"
    assert target.label.isprintable()


def test_a_long_label_is_cut_to_a_table_cell() -> None:
    label = parse_target("nas:445  # " + "storage " * 40).label
    assert len(label) == 80 and label.endswith("…")


@pytest.mark.parametrize(
    "line",
    ["https://intranet.acme.local/\x1b[2J", "dns:files.acme.local@\u202e10.0.0.2", "nas\u200b:445"],
)
def test_a_target_holding_hidden_characters_is_refused(line: str) -> None:
    with pytest.raises(TargetError, match="characters that cannot be shown") as refused:
        parse_target(line)
    assert str(refused.value).isprintable()
