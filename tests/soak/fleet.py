"""The fleet soak: N technicians and a supervisor work one RT through a flaky link.

Shared by the CI test (``tests/soak/test_fleet.py``, N = 8, a short day) and the
benchmark (``bench/fleet_soak.py``, N = 8/16/30 with RT's CPU cost).  A day is a
number of rounds ("hours"); in each round

1. every laptop works offline at once (separate ``fielddesk`` processes):
   technicians add notes with time spent, photos, status and parts-used changes
   and now and then a new ticket; the supervisor reassigns visits between
   technicians and edits parts-used on visits a technician is editing too (a
   planned clash: exactly one of the two must end as a recorded conflict);
2. every laptop syncs at once, through one fault proxy that drops replies after
   RT committed, answers 502 (before or after RT did the work), delays and
   trickles replies, and resets every connection for a moment; some syncs are
   killed with SIGKILL mid-run and started again; open conflicts are settled
   (mine or theirs) as a technician would.

Then the faults stop, every laptop syncs until nothing is left to send, and
``tests.soak.audit`` checks RT and every replica.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from tests.faults.proxy import FaultProxy
from tests.soak.actor import Actor, Run
from tests.soak.provision import FleetUser

T = TypeVar("T")
SUPERVISOR = "supervisor"
SETTLE_ATTEMPTS = 12
SETTLE_PAUSE_S = 2.0  # a retried change waits at most 0.5 s * 2^2 (engine backoff) before it goes
# (a change in doubt that RT lacks waits RESEND_AFTER_S from its sending: the pause waits for it)


@dataclass(frozen=True)
class FleetPlan:
    technicians: int
    rounds: int
    password_every: int = 2  # every 2nd technician signs in with a password, the rest a token
    fault_rate: float = 0.06  # share of requests that meet some fault
    kill_rate: float = 0.25  # share of syncs killed with SIGKILL
    new_ticket_rate: float = 0.3  # per technician and round
    seed: int = 13


@dataclass(frozen=True)
class NoteMade:
    actor: str
    ticket: int
    marker: str
    minutes: int
    photo: bool


@dataclass(frozen=True)
class TicketMade:
    actor: str
    marker: str


@dataclass(frozen=True)
class Clash:
    """The supervisor and a technician set one field of one visit, neither seeing the other."""

    ticket: int
    technician: str
    technician_value: str
    supervisor_value: str


@dataclass(frozen=True)
class SyncRun:
    actor: str
    phase: str  # "day", "settle", "final"
    seconds: float
    code: int

    @property
    def completed(self) -> bool:
        return self.code in (0, 3)  # 3: done, but a conflict or refusal waits for the user


@dataclass
class FleetRun:
    """What the day did: the ledger the audit checks, and the figures."""

    actors: list[Actor]
    notes: list[NoteMade] = field(default_factory=list)
    tickets: list[TicketMade] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    reassignments: int = 0
    field_edits: int = 0
    kills: int = 0
    syncs: list[SyncRun] = field(default_factory=list)
    failed_actions: list[str] = field(default_factory=list)
    resets: int = 0
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, item: object) -> None:
        with self._lock:
            match item:
                case NoteMade():
                    self.notes.append(item)
                case TicketMade():
                    self.tickets.append(item)
                case Clash():
                    self.clashes.append(item)
                case SyncRun():
                    self.syncs.append(item)
                case str():
                    self.failed_actions.append(item)

    def count(self, what: str) -> None:
        with self._lock:
            setattr(self, what, getattr(self, what) + 1)

    @property
    def supervisor(self) -> Actor:
        return next(a for a in self.actors if a.name == SUPERVISOR)

    @property
    def technicians(self) -> list[Actor]:
        return [a for a in self.actors if a.name != SUPERVISOR]


def make_actors(
    root: Path, users: list[FleetUser], supervisor_token: str, plan: FleetPlan, password: str
) -> list[Actor]:
    actors = [Actor(SUPERVISOR, root / SUPERVISOR, supervisor_token, "token")]
    for number, user in enumerate(users, start=1):
        by_password = number % plan.password_every == 0
        secret, auth = (password, "password") if by_password else (user.token, "token")
        actors.append(Actor(user.name, root / user.name, secret, auth))
    for actor in actors:
        actor.home.mkdir(parents=True, exist_ok=True)
    return actors


def all_at_once(items: Iterable[T], work: Callable[[T], None]) -> None:
    """Run work on every item in its own thread; re-raise the first failure."""
    items = list(items)
    if not items:
        return
    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        for future in [pool.submit(work, item) for item in items]:
            future.result()


# -- the flaky link ----------------------------------------------------------------
def flaky(proxy: FaultProxy, rate: float, rng: random.Random) -> None:
    """Random faults on a share of requests (each request meets each kind by chance)."""

    def chance(share: float) -> Callable[[str, str], bool]:
        return lambda _method, _path: rng.random() < share

    proxy.drop_reply_for(chance(rate * 0.25))  # RT did it; the reply is lost
    proxy.replace_status(chance(rate * 0.2), 502)  # the gateway answers, RT never sees it
    proxy.replace_status(chance(rate * 0.15), 502, forward=True)  # RT did it, client gets 502
    proxy.delay(1.5, chance(rate * 0.25))  # a slow reply
    proxy.trickle(20_000, chance(rate * 0.15))  # a crawling link (20 KB/s)


def link_drops(proxy: FleetProxy, stop: threading.Event, rng: random.Random, run: FleetRun) -> None:
    """Now and then every new connection is reset for a moment (a dead link)."""
    while not stop.wait(rng.uniform(0.5, 3.0)):
        proxy.outage(0.3)
        run.count("resets")


class FleetProxy:
    """The fault proxy in front of RT, with the soak's random faults switched on and off."""

    def __init__(self, proxy: FaultProxy, rate: float, rng: random.Random) -> None:
        self.proxy = proxy
        self.rate = rate
        self.rng = rng
        self._lock = threading.Lock()

    def faults_on(self) -> None:
        with self._lock:
            self.proxy.clear()
            flaky(self.proxy, self.rate, self.rng)

    def faults_off(self) -> None:
        with self._lock:
            self.proxy.clear()

    def outage(self, seconds: float) -> None:
        with self._lock:
            self.proxy.reset_all()
        time.sleep(seconds)
        self.faults_on()


# -- the day ---------------------------------------------------------------------------
class Day:
    def __init__(self, run: FleetRun, plan: FleetPlan, proxy: FleetProxy) -> None:
        self.run = run
        self.plan = plan
        self.proxy = proxy
        self.rng = random.Random(plan.seed)
        self.serial = 0
        self._lock = threading.Lock()

    def marker(self, actor: str) -> str:
        with self._lock:
            self.serial += 1
            return f"[soak {actor} {self.serial:05d}]"

    # Sign-in, the first sync, then the rounds.
    def start(self, url: str) -> None:
        def sign_in(actor: Actor) -> None:
            login = actor.login(url)
            if login.code != 0:
                raise RuntimeError(f"{actor.name} could not sign in: {login.stderr.strip()}")
            self.sync_until_clean(actor, "settle")

        all_at_once(self.run.actors, sign_in)

    def work(self) -> None:
        for number in range(self.plan.rounds):
            self.one_round(number)

    def one_round(self, number: int) -> None:
        orders = self.supervisor_orders(number)
        clashes = {c.technician: c for c in orders.clashes}

        def offline_work(actor: Actor) -> None:
            rng = random.Random(f"{self.plan.seed}-{number}-{actor.name}")
            if actor.name == SUPERVISOR:
                self.supervise(actor, orders)
            else:
                self.technician_hour(actor, rng, clashes.get(actor.name))

        all_at_once(self.run.actors, offline_work)
        self.proxy.faults_on()
        stop = threading.Event()
        drops = threading.Thread(
            target=link_drops, args=(self.proxy, stop, random.Random(number), self.run)
        )
        drops.start()
        try:
            all_at_once(self.run.actors, self.chaotic_sync)
        finally:
            stop.set()
            drops.join()
            self.proxy.faults_off()

    # The supervisor decides first, from its own replica: what to reassign, where to clash.
    def supervisor_orders(self, number: int) -> Orders:
        supervisor = self.run.supervisor
        rows = supervisor.query(
            "SELECT id, owner FROM tickets WHERE gone IS NULL AND id > 0 AND owner LIKE 'fleet%'"
        )
        owner_of = dict(rows)
        technicians = self.run.technicians
        clashes: list[Clash] = []
        taken: set[int] = set()
        per_round = max(1, len(technicians) // 4)
        for k in range(per_round):
            tech = technicians[(number * per_round + k) % len(technicians)]
            mine = {r[0] for r in tech.query(_OWNED, (tech.name,))}
            shared = sorted(t for t in mine if owner_of.get(t) == tech.name)
            if shared:
                ticket = self.rng.choice(shared)
                taken.add(ticket)
                clashes.append(
                    Clash(
                        ticket,
                        tech.name,
                        f"{tech.name}: 2 x RJ45 (hour {number})",
                        f"supervisor: 1 x PSU (hour {number})",
                    )
                )
        movable = sorted(t for t in owner_of if t not in taken)
        moves = []
        for ticket in self.rng.sample(movable, min(len(movable), max(1, len(technicians) // 4))):
            others = [t.name for t in technicians if t.name != owner_of[ticket]]
            moves.append((ticket, self.rng.choice(others)))
        return Orders(clashes, moves)

    def supervise(self, supervisor: Actor, orders: Orders) -> None:
        for clash in orders.clashes:
            self.act(supervisor, "set", str(clash.ticket), "parts_used", clash.supervisor_value)
            self.run.record(clash)
        today = datetime.now(UTC).strftime("%Y-%m-%d")
        for ticket, technician in orders.moves:
            hour = self.rng.randint(9, 16)
            done = self.act(
                supervisor,
                "dispatch",
                "assign",
                str(ticket),
                technician,
                "--start",
                f"{today} {hour:02d}:00",
                "--end",
                f"{hour + 1:02d}:30",
                "--force",
            )
            if done is not None:
                self.run.count("reassignments")

    def technician_hour(self, tech: Actor, rng: random.Random, clash: Clash | None) -> None:
        if clash is not None:
            self.act(tech, "set", str(clash.ticket), "parts_used", clash.technician_value)
            self.run.count("field_edits")
        owned = sorted(r[0] for r in tech.query(_OWNED, (tech.name,)))
        for _ in range(2 if owned else 0):
            ticket = rng.choice(owned)
            action = rng.choice(("note", "note", "photo", "status", "parts"))
            if action == "parts" and clash is not None and ticket == clash.ticket:
                action = "note"  # a second edit would replace the clash's value before it goes
            self.technician_action(tech, rng, ticket, action)
        if rng.random() < self.plan.new_ticket_rate:
            marker = self.marker(tech.name)
            subject = f"Found on site: UPS beeping {marker}"
            text = "Battery fault light on"
            if self.act(tech, "new", "--subject", subject, "--text", text, "--site", _SITE):
                self.run.record(TicketMade(tech.name, marker))

    def technician_action(self, tech: Actor, rng: random.Random, ticket: int, action: str) -> None:
        marker = self.marker(tech.name)
        if action == "status":
            if self.act(tech, "status", str(ticket), rng.choice(("open", "stalled"))):
                self.run.count("field_edits")
        elif action == "parts":
            if self.act(tech, "set", str(ticket), "parts_used", f"1 x toner {marker}"):
                self.run.count("field_edits")
        else:
            minutes = rng.choice((0, 5, 15, 30, 45)) if action == "note" else 0
            text = f"Checked the {rng.choice(_THINGS)}; {rng.choice(_OUTCOMES)} {marker}"
            if action == "photo":
                made = tech.run_module("tests.soak.photo", str(tech.profile), str(ticket), text)
                ok = self.check(tech, made)
            else:
                ok = self.act(tech, "note", str(ticket), text, "--time", str(minutes))
            if ok is not None:
                self.run.record(NoteMade(tech.name, ticket, marker, minutes, action == "photo"))

    def act(self, actor: Actor, *args: str) -> Run | None:
        """A local action; it must succeed (it touches only the laptop)."""
        return self.check(actor, actor.run(*args))

    def check(self, actor: Actor, run: Run) -> Run | None:
        if run.code == 0:
            return run
        self.run.record(f"{actor.name}: {' '.join(run.args[:3])} failed: {run.stderr.strip()}")
        return None

    # Syncs.
    def chaotic_sync(self, actor: Actor) -> None:
        rng = random.Random(f"{self.plan.seed}-sync-{actor.name}-{len(actor.runs)}")
        kill_after = rng.uniform(0.2, 2.5) if rng.random() < self.plan.kill_rate else None
        first = actor.run("sync", kill_after=kill_after)
        self.run.record(SyncRun(actor.name, "day", first.seconds, first.code))
        last = first
        if first.killed:
            self.run.count("kills")
            last = actor.run("sync")  # the laptop is back: its sync starts again
            self.run.record(SyncRun(actor.name, "day", last.seconds, last.code))
        if last.code == 3:  # the sync's own signal that a conflict or refusal waits
            self.settle_conflicts(actor, rng)

    def settle_conflicts(self, actor: Actor, rng: random.Random) -> None:
        listed = actor.run("conflicts")
        if listed.code != 0:
            self.run.record(f"{actor.name}: conflicts failed: {listed.stderr.strip()}")
            return
        settled: set[tuple[int, str]] = set()
        for conflict in listed.json():
            key = (conflict["ticket_id"], conflict["field"])
            if key in settled:
                continue
            choice = rng.choice(("mine", "theirs"))
            resolved = actor.run("resolve", str(key[0]), key[1], choice)
            if resolved.code != 0 and "has left your visits" in resolved.stderr:
                # A visit given away meanwhile: the refusal names the choice that ends it.
                ending = "mine" if "Keep mine to end" in resolved.stderr else "theirs"
                resolved = actor.run("resolve", str(key[0]), key[1], ending)
            if resolved.code == 0:
                settled.add(key)
            elif "no open conflict" not in resolved.stderr:  # a linked sibling settled with it
                self.run.record(f"{actor.name}: resolve failed: {resolved.stderr.strip()}")

    def sync_until_clean(self, actor: Actor, phase: str) -> None:
        """Sync (settling conflicts) until nothing waits to be sent."""
        rng = random.Random(f"{self.plan.seed}-settle-{actor.name}")
        for _attempt in range(SETTLE_ATTEMPTS):
            run = actor.run("sync")
            self.run.record(SyncRun(actor.name, phase, run.seconds, run.code))
            if run.code == 3:
                self.settle_conflicts(actor, rng)
            if run.code in (0, 3) and not actor.waiting():
                return
            time.sleep(max(SETTLE_PAUSE_S, actor.resend_in()))
        self.run.record(
            f"{actor.name}: not settled after {SETTLE_ATTEMPTS} syncs"
            " (changes or conflicts waiting, or the syncs failing):\n" + actor.waiting_detail()
        )

    def finish(self) -> None:
        """Faults off: everyone sends what is left, then everyone pulls the final state."""
        self.proxy.faults_off()
        all_at_once(self.run.actors, lambda a: self.sync_until_clean(a, "settle"))

        def final(actor: Actor) -> None:
            run = actor.run("sync")
            self.run.record(SyncRun(actor.name, "final", run.seconds, run.code))
            if run.code not in (0, 3) or run.json()["pushed"]:
                self.run.record(f"{actor.name}: the final sync was not quiet: {run.stdout}")

        all_at_once(self.run.actors, final)


@dataclass(frozen=True)
class Orders:
    clashes: list[Clash]
    moves: list[tuple[int, str]]


_OWNED = "SELECT id FROM tickets WHERE gone IS NULL AND id > 0 AND owner = ?"
_THINGS = ("printer fuser", "switch uplink", "UPS battery", "Wi-Fi channel plan", "NAS RAID set")
_SITE = "Solent Logistics"
_OUTCOMES = ("replaced and tested", "works again", "customer to order a part", "logged for review")


def run_fleet(plan: FleetPlan, actors: list[Actor], proxy: FaultProxy, url: str) -> FleetRun:
    """Sign everyone in at url (the proxy), work the day, settle; the ledger for the audit."""
    run = FleetRun(actors)
    day = Day(run, plan, FleetProxy(proxy, plan.fault_rate, random.Random(plan.seed + 1)))
    started = time.monotonic()
    day.start(url)
    day.work()
    day.finish()
    run.seconds = time.monotonic() - started
    return run
