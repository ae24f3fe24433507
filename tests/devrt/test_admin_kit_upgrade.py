"""The admin kit loads onto an RT that already holds an older version of it (and onto
itself again): what is missing is added, nothing is created twice, no error."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from devrt.instance import RTInstance
from devrt.packages import RT_LIB, RT_SETUP_DATABASE
from sync.resources import resource_path

pytestmark = pytest.mark.rt

OLDER_KIT = Path(__file__).parent / "data" / "fielddesk-admin-kit-issue18.pl"


def private_rt(rt_instance: RTInstance, root: Path) -> dict[str, str]:
    """The instance's RT configuration on an empty SQLite database of our own."""
    config = (rt_instance.root / "RT_SiteConfig.pm").read_text()
    live = str(rt_instance.root / "db" / "rt.db")
    assert live in config, "the harness keeps its SQLite database in db/rt.db"
    (root / "site.d").mkdir(parents=True)
    (root / "RT_SiteConfig.pm").write_text(config.replace(live, str(root / "rt.db")))
    return dict(
        os.environ,
        RT_SITE_CONFIG=str(root / "RT_SiteConfig.pm"),
        RT_SITE_CONFIG_DIR=str(root / "site.d"),
    )


def setup_database(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [str(RT_SETUP_DATABASE), *args, "--skip-create"],
        env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    errors = [line for line in result.stderr.splitlines() if "[error]" in line.lower()]
    assert result.returncode == 0 and not errors, "\n".join(errors) or result.stderr


def counts(env: dict[str, str]) -> str:
    """What the kit made, as RT sees it: fields by name, catalogs, lifecycle, a right."""
    script = f"""use strict; use warnings; use lib '{RT_LIB}'; use RT -init;
my $cfs = RT::CustomFields->new(RT->SystemUser); $cfs->UnLimit;
my %n; while (my $cf = $cfs->Next) {{ $n{{$cf->Name . '/' . $cf->LookupType}}++ }}
print join(',', map {{ "$_=$n{{$_}}" }} grep {{ $n{{$_}} > 1 }} sort keys %n), "\\n";
my $catalog = RT::Catalog->new(RT->SystemUser); $catalog->Load('Field Equipment');
my $licences = RT::Catalog->new(RT->SystemUser); $licences->Load('Software Licences');
my $group = RT::Group->new(RT->SystemUser); $group->LoadUserDefinedGroup('Field Technicians');
my $cf = RT::CustomField->new(RT->SystemUser);
$cf->LoadByCols(Name => 'Client Asset Id', LookupType => 'RT::Catalog-RT::Asset');
my $can = $group->PrincipalObj->HasRight(Right => 'CreateAsset', Object => $catalog);
my $lifecycle = RT::Lifecycle->Load(Name => 'field-assets');
my $request_id = RT::CustomField->new(RT->SystemUser);
$request_id->LoadByCols(Name => 'Client Request Id',
  LookupType => 'RT::Queue-RT::Ticket-RT::Transaction');
print join(' ', $catalog->Lifecycle, $licences->Id ? 'licences' : 'no-licences',
  $cf->Id && $cf->IsAdded($catalog->Id) ? 'client-id' : 'no-client-id',
  $can ? 'create' : 'no-create',
  $request_id->IsGlobal ? 'request-id-everywhere' : 'request-id-in-one-queue',
  $lifecycle ? join('/', $lifecycle->Valid) : ''), "\\n";
"""
    result = subprocess.run(
        ["perl", "-e", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_kit_loads_over_an_older_kit_and_again(
    rt_instance: RTInstance, rt_database: str, tmp_path: Path
) -> None:
    if rt_database != "sqlite":
        pytest.skip("builds a private SQLite RT database; the kit itself is database-neutral")
    rt_instance.up()
    env = private_rt(rt_instance, tmp_path)
    setup_database(env, "--action", "init")
    setup_database(env, "--action", "insert", "--datafile", str(OLDER_KIT))
    assert "no-licences no-client-id no-create request-id-in-one-queue" in counts(env)

    kit = str(resource_path("rt", "fielddesk-admin-kit.pl"))
    setup_database(env, "--action", "insert", "--datafile", kit)
    duplicates, made = counts(env).splitlines()
    assert duplicates == ""
    assert made.startswith("field-assets licences client-id create request-id-everywhere ")
    assert {"rma", "retired", "in-use"} <= set(made.split()[-1].split("/"))

    setup_database(env, "--action", "insert", "--datafile", kit)
    assert counts(env).splitlines() == ["", made]
