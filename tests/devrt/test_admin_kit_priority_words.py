"""The admin kit words the Field Service queue's priorities as FieldDesk does, once.

RT's default words (Low 0, Medium 50, High 100) read an escalated visit (90)
"Medium".  Loaded over an older kit, and again, the kit adds the queue's words
once; words an administrator gave the queue already are kept.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from devrt.instance import RTInstance
from devrt.packages import RT_LIB
from sync.resources import resource_path
from tests.devrt.test_admin_kit_upgrade import OLDER_KIT, private_rt, setup_database

pytestmark = pytest.mark.rt

KIT = str(resource_path("rt", "fielddesk-admin-kit.pl"))


def words(env: dict[str, str]) -> str:
    """RT's word for 0, 25, 50, 75 and 90 in Field Service, and how many stored settings."""
    script = f"""use strict; use warnings; use lib '{RT_LIB}'; use RT -init;
my $ticket = RT::Ticket->new(RT->SystemUser);
my $stored = RT::Configurations->new(RT->SystemUser);
$stored->Limit(FIELD => 'Name', VALUE => 'PriorityAsString');
print join(' ', (map {{ $ticket->_PriorityAsString($_, 'Field Service') }} 0, 25, 50, 75, 90),
  $stored->Count);
"""
    result = subprocess.run(
        ["perl", "-e", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def older_kit_rt(rt_instance: RTInstance, rt_database: str, tmp_path: Path) -> dict[str, str]:
    if rt_database != "sqlite":
        pytest.skip("builds a private SQLite RT database; the kit itself is database-neutral")
    rt_instance.up()
    env = private_rt(rt_instance, tmp_path)
    setup_database(env, "--action", "init")
    setup_database(env, "--action", "insert", "--datafile", str(OLDER_KIT))
    return env


def test_the_kit_words_the_field_queues_priorities_once(older_kit_rt: dict[str, str]) -> None:
    assert words(older_kit_rt) == "Low Low Medium Medium Medium 0"

    setup_database(older_kit_rt, "--action", "insert", "--datafile", KIT)
    setup_database(older_kit_rt, "--action", "insert", "--datafile", KIT)

    assert words(older_kit_rt) == "Low Normal High Urgent Urgent 1"


def test_words_the_administrator_gave_the_queue_are_kept(older_kit_rt: dict[str, str]) -> None:
    site_config = Path(older_kit_rt["RT_SITE_CONFIG"])
    config = site_config.read_text().removesuffix("1;\n")
    site_config.write_text(
        config + "Set(%PriorityAsString, 'Field Service' => [Routine => 0, Rush => 60]);\n1;\n"
    )

    setup_database(older_kit_rt, "--action", "insert", "--datafile", KIT)

    assert words(older_kit_rt) == "Routine Routine Routine Rush Rush 0"
