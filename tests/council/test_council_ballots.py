"""Ballot storage: exactly-once per mode, refusals, conflicts of interest, 51 simultaneous
voters on a real ZODB (threads with their own connections), and secrecy of secret ballots."""

import datetime
import pytest
from ratusha.council import ballots
from ratusha.council.ballots import BallotBox
from ratusha.council.voting.urn import MemoryUrn
import threading
import transaction
import ZODB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError


NOW = datetime.datetime(2026, 3, 26, 10, 0, tzinfo=datetime.UTC)
VOTERS = tuple(f"councillor{n:02d}" for n in range(1, 22))
URN = MemoryUrn("test-ballots", b"test key")  # where the secret choices go (Plone: SQL)


@pytest.fixture(autouse=True)
def empty_urn():
    transaction.abort()
    MemoryUrn._stores.pop(URN.urn_id, None)


def opened(mode=ballots.NAMED, options=None, present=VOTERS, **kwargs):
    box = BallotBox(mode, options)
    box.open(present, NOW, urn=URN, **kwargs)
    return box


@pytest.mark.parametrize("mode", ballots.PERSONAL_MODES)
def test_named_vote_replaces_or_is_refused(mode):
    box = opened(mode)
    box.cast("councillor01", "yes", NOW, recorded_by="council.staff")
    box.cast("councillor01", "no", NOW)
    assert box.ballot_of("councillor01") == "no"
    with pytest.raises(ballots.AlreadyVoted) as refused:
        box.cast("councillor01", "abstain", NOW, replace=False)
    assert refused.value.status == 409 and refused.value.mapping == {"voter": "councillor01"}
    box.cast("councillor02", "abstain", NOW)
    tally = box.tally()
    assert tally["counts"] == {"yes": 0, "no": 1, "abstain": 1} and tally["voted"] == 2
    assert tally["not_voted"] == list(VOTERS[2:])
    assert box.named_votes() == {"councillor01": "no", "councillor02": "abstain"}


def test_secret_vote_is_counted_once_and_hidden_until_closed():
    box = opened(ballots.SECRET, options=("ivanova", "petrov", "abstain"))
    box.cast("councillor01", "ivanova", NOW, urn=URN)
    with pytest.raises(ballots.AlreadyVoted):
        box.cast("councillor01", "petrov", NOW, urn=URN)  # replace=True does not apply to secret
    box.cast("councillor02", "ivanova", NOW, urn=URN)
    assert box.tally()["counts"] is None and box.tally()["voted"] == 2
    assert "not_voted" not in box.tally() and box.ballot_of("councillor01") is None
    box.close(NOW, urn=URN)
    assert box.tally()["counts"] == {"ivanova": 2, "petrov": 0, "abstain": 0}
    assert box.anonymous is None and box.named_votes() == {}


def test_show_of_hands_records_totals_only():
    box = opened(ballots.SHOW_OF_HANDS, present=VOTERS[:15])
    with pytest.raises(ballots.WrongMode):
        box.cast("councillor01", "yes", NOW)
    with pytest.raises(ballots.MissingTotals):
        box.close(NOW)
    box.record_totals(10, 3, 2)
    box.record_totals(9, 4, 2)  # the clerk corrects before closing
    with pytest.raises(ballots.InvalidTotals) as refused:
        box.record_totals(10, 4, 2)
    assert str(refused.value) == "16 votes recorded but only 15 councillors may vote."
    assert refused.value.msgid == "council_ballot_invalid_totals"
    with pytest.raises(ballots.InvalidTotals):
        box.record_totals(-1, 4, 2)
    box.close(NOW)
    assert box.tally()["counts"] == {"yes": 9, "no": 4, "abstain": 2}
    with pytest.raises(ballots.PollClosed):
        box.record_totals(9, 4, 2)
    with pytest.raises(ballots.WrongMode):
        opened().record_totals(1, 0, 0)


@pytest.mark.parametrize("mode", ballots.PERSONAL_MODES + (ballots.SECRET,))
def test_refusals(mode):
    box = BallotBox(mode)
    with pytest.raises(ballots.PollNotOpen):
        box.cast("councillor01", "yes", NOW, urn=URN)
    box.open(VOTERS[:11], NOW, urn=URN)
    with pytest.raises(ballots.AlreadyOpen):
        box.open(VOTERS, NOW, urn=URN)
    with pytest.raises(ballots.NotEligible) as refused:
        box.cast("councillor12", "yes", NOW, urn=URN)  # came after the poll opened
    assert refused.value.status == 403 and "councillor12" in str(refused.value)
    with pytest.raises(ballots.NotEligible):
        box.cast("mayor", "yes", NOW, urn=URN)
    with pytest.raises(ballots.InvalidChoice):
        box.cast("councillor01", "maybe", NOW, urn=URN)
    box.cast("councillor01", "yes", NOW, urn=URN)
    box.close(NOW, urn=URN)
    with pytest.raises(ballots.PollClosed):
        box.cast("councillor02", "yes", NOW, urn=URN)
    with pytest.raises(ballots.PollClosed):
        box.close(NOW, urn=URN)
    assert box.tally()["counts"]["yes"] == 1


def test_bad_construction():
    with pytest.raises(ballots.WrongMode):
        BallotBox("acclamation")
    with pytest.raises(ballots.InvalidChoice):
        BallotBox(ballots.SECRET, options=("a", "a"))
    assert BallotBox(ballots.NAMED, options=("a", "b")).options == ballots.CHOICES


def test_conflict_of_interest_declarations():
    box = opened(conflicts={"councillor03": (NOW, "My company bids for the lot.")})
    assert "councillor03" not in box.eligible and len(box.eligible) == 20
    with pytest.raises(ballots.ConflictOfInterest) as refused:
        box.cast("councillor03", "yes", NOW)
    assert refused.value.code == "conflict_of_interest" and refused.value.status == 403
    box.declare_conflict("councillor04", "Spouse is the buyer.", NOW)
    with pytest.raises(ballots.ConflictOfInterest):
        box.cast("councillor04", "no", NOW)
    box.cast("councillor05", "yes", NOW)
    with pytest.raises(ballots.LateDeclaration):
        box.declare_conflict("councillor05", "Too late.", NOW)
    assert box.conflicts["councillor04"] == (NOW, "Spouse is the buyer.")
    tally = box.tally()
    assert tally["present"] == 21 and tally["eligible"] == 19
    assert "councillor03" not in tally["not_voted"] and "councillor04" not in tally["not_voted"]
    box.close(NOW)
    with pytest.raises(ballots.PollClosed):
        box.declare_conflict("councillor06", "After the close.", NOW)


def test_anonymise_transaction():
    txn = transaction.Transaction()
    txn.setUser("councillor07", "/plone/acl_users")
    txn.note("/plone/council/session-3/item-2/@vote")
    txn.setExtendedInfo("user_id", "councillor07")
    ballots.anonymise_transaction(txn)
    assert (txn.user, txn.description, txn.extension) == ("", "", {})


# -- 51 councillors at the same moment, on a real database ------------------------------------

BIG = tuple(f"councillor{n:02d}" for n in range(1, 52))


def choice_of(index):
    return ("yes", "no", "abstain")[index % 3]


@pytest.fixture
def database(tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")), pool_size=len(BIG) + 5)
    yield db
    db.close()


def install(db, mode, options=None):
    with db.transaction() as conn:
        box = BallotBox(mode, options)
        box.open(BIG, NOW, urn=URN)
        conn.root()["box"] = box


def burst(db, work, voters):
    """Each voter in its own thread, connection and transaction manager. All start at once and
    all first attempts commit only after every one has done its work, so every transaction
    overlaps every other. ConflictErrors are retried (as Zope does), up to once per other
    voter: each other transaction commits at most once, so a voter can lose at most that often
    (the chair's close conflicts with every vote committed while it runs).
    Returns (outcome per voter, retries, conflicts resolved by the storage)."""
    start, commit = threading.Barrier(len(voters)), threading.Barrier(len(voters))
    outcomes, counts, lock = {}, {"retries": 0, "resolved": 0}, threading.Lock()
    resolve = db.storage.tryToResolveConflict

    def counting_resolve(*args, **kwargs):
        state = resolve(*args, **kwargs)
        with lock:
            counts["resolved"] += 1
        return state

    def run(index, voter):
        manager = transaction.TransactionManager()
        conn = db.open(transaction_manager=manager)
        try:
            start.wait()
            for attempt in range(len(voters) + 1):
                manager.begin()
                try:
                    try:
                        work(conn.root()["box"], index, voter)
                    finally:
                        if attempt == 0:
                            commit.wait()
                    manager.commit()
                    outcome = "ok"
                except ConflictError:
                    manager.abort()
                    with lock:
                        counts["retries"] += 1
                    continue
                except ballots.BallotError as error:
                    manager.abort()
                    outcome = error.code
                break
            else:
                outcome = "gave up"
            outcomes[voter] = outcome
        finally:
            conn.close()

    db.storage.tryToResolveConflict = counting_resolve
    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(voters)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        del db.storage.tryToResolveConflict
    return outcomes, counts["retries"], counts["resolved"]


def fresh_box(db):
    conn = db.open()
    try:
        return conn.root()["box"].tally(), conn.root()["box"].named_votes()
    finally:
        conn.close()


def test_51_simultaneous_named_votes(database):
    install(database, ballots.NAMED)
    outcomes, retries, resolved = burst(
        database, lambda box, i, voter: box.cast(voter, choice_of(i), NOW, replace=False), BIG
    )
    print(f"\n51 named votes at once: {resolved} conflicts resolved, {retries} retried")
    assert set(outcomes.values()) == {"ok"}
    tally, votes = fresh_box(database)
    assert votes == {voter: choice_of(i) for i, voter in enumerate(BIG)}
    assert tally["counts"] == {"yes": 17, "no": 17, "abstain": 17}
    assert tally["voted"] == 51 and tally["not_voted"] == []


def test_51_simultaneous_secret_votes_then_double_votes(database):
    install(database, ballots.SECRET)
    cast = lambda box, i, voter: box.cast(voter, choice_of(i), NOW, urn=URN)  # noqa: E731
    outcomes, retries, resolved = burst(database, cast, BIG)
    print(f"\n51 secret votes at once: {resolved} conflicts resolved, {retries} retried")
    assert set(outcomes.values()) == {"ok"}
    # Everyone tries again at once: all refused, nothing counted twice.
    outcomes, _retries, _resolved = burst(database, cast, BIG)
    assert set(outcomes.values()) == {"already_voted"}
    with database.transaction() as conn:
        conn.root()["box"].close(NOW, urn=URN)
    tally, _votes = fresh_box(database)
    assert tally["counts"] == {"yes": 17, "no": 17, "abstain": 17} and tally["voted"] == 51


@pytest.mark.parametrize("mode", [ballots.NAMED, ballots.SECRET])
def test_votes_racing_the_close_are_counted_or_refused(database, mode):
    install(database, mode)

    def work(box, index, voter):
        if voter == "chair":
            box.close(NOW, urn=URN)
        else:
            box.cast(voter, "yes", NOW, urn=URN)

    outcomes, retries, _resolved = burst(database, work, BIG + ("chair",))
    print(
        f"\n51 votes racing the close ({mode}): {retries} retried, "
        f"{sum(1 for o in outcomes.values() if o == 'closed')} refused as late"
    )
    assert outcomes["chair"] == "ok"
    accepted = sum(1 for voter in BIG if outcomes[voter] == "ok")
    assert {outcomes[voter] for voter in BIG} <= {"ok", "closed"}
    tally, _votes = fresh_box(database)
    assert tally["counts"]["yes"] == accepted and tally["voted"] == accepted


def two_connections(db):
    managers = transaction.TransactionManager(), transaction.TransactionManager()
    conns = [db.open(transaction_manager=manager) for manager in managers]
    for manager in managers:
        manager.begin()
    return [(conn.root()["box"], manager) for conn, manager in zip(conns, managers)]


@pytest.mark.parametrize("mode", [ballots.NAMED, ballots.SECRET])
def test_vote_begun_before_the_close_and_committed_after_it_is_refused(database, mode):
    install(database, mode)
    (voting, vote), (closing, close) = two_connections(database)
    voting.cast("councillor01", "yes", NOW, urn=URN)
    closing.close(NOW, urn=URN)
    close.commit()
    with pytest.raises(ConflictError):
        vote.commit()
    vote.abort()
    vote.begin()
    with pytest.raises(ballots.PollClosed):
        voting.cast("councillor01", "yes", NOW, urn=URN)


@pytest.mark.parametrize("mode", [ballots.NAMED, ballots.SECRET])
def test_close_begun_before_a_vote_committed_is_retried_and_counts_it(database, mode):
    install(database, mode)
    (voting, vote), (closing, close) = two_connections(database)
    voting.cast("councillor01", "yes", NOW, urn=URN)
    closing.close(NOW, urn=URN)
    vote.commit()
    with pytest.raises(ConflictError):
        close.commit()
    close.abort()
    close.begin()
    closing.close(NOW, urn=URN)
    close.commit()
    assert closing.tally()["counts"]["yes"] == 1


@pytest.mark.parametrize("mode", [ballots.NAMED, ballots.SECRET])
def test_declaration_racing_the_same_councillors_vote(database, mode):
    install(database, mode)
    (voting, vote), (declaring, declare) = two_connections(database)
    voting.cast("councillor01", "yes", NOW, urn=URN)
    declaring.declare_conflict("councillor01", "Own company.", NOW)
    vote.commit()
    with pytest.raises(ConflictError):
        declare.commit()
    declare.abort()
    declare.begin()
    with pytest.raises(ballots.LateDeclaration):
        declaring.declare_conflict("councillor01", "Own company.", NOW)


def walk(value):
    """Every container and scalar inside an unpickled state."""
    yield value
    if isinstance(value, dict):
        value = [item for pair in value.items() for item in pair]
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from walk(item)


OPTIONS = ("Иванова", "Petrov", "abstain")


def secret_poll(database, reverse):
    """A closed secret poll of 50 voters (the 51st declared a conflict) where voter i chose
    OPTIONS[i % 3], or OPTIONS[(49 - i) % 3] when `reverse` (same totals); returns every
    persistent object reachable from the box as oid → (stored record, unpickled state)."""
    with database.transaction() as conn:
        conn.root()["box"] = box = BallotBox(ballots.SECRET, OPTIONS)
        box.open(BIG, NOW, urn=URN, conflicts={"councillor51": (NOW, "Relative of a candidate.")})
    outcomes, _retries, _resolved = burst(
        database,
        lambda box, i, voter: box.cast(
            voter, OPTIONS[(49 - i if reverse else i) % 3], NOW, urn=URN
        ),
        BIG[:-1],
    )
    assert set(outcomes.values()) == {"ok"}
    with database.transaction() as conn:
        conn.root()["box"].close(NOW, urn=URN)
        ballots.anonymise_transaction()
    conn = database.open()
    try:
        found, pending = {}, [conn.root()["box"]]
        while pending:
            obj = pending.pop()
            obj._p_activate()
            found[obj._p_oid] = (database.storage.load(obj._p_oid)[0], obj.__getstate__())
            pending.extend(
                item
                for item in walk(found[obj._p_oid][1])
                if hasattr(item, "_p_oid") and item._p_oid not in found
            )
        logical = {
            name: list(value) if hasattr(value, "_p_oid") else value
            for name, value in conn.root()["box"].__dict__.items()
        }
        return conn.root()["box"]._p_oid, found, logical
    finally:
        conn.close()


def test_closed_secret_poll_links_no_voter_to_a_choice(database):
    box_oid, records, logical = secret_poll(database, reverse=False)
    assert len(records) >= 4  # box, conflicts, named ballots, voted set (and its buckets)
    for oid, (record, state) in records.items():
        if oid == box_oid:
            assert state["anonymous"] is None and state["options"] == OPTIONS
            assert state["totals"] == {"Иванова": 17, "Petrov": 17, "abstain": 16}
            rest = {k: v for k, v in state.items() if k not in ("options", "totals")}
            assert not any(item in OPTIONS for item in walk(rest))
        else:  # the voted set, the conflicts and the empty named ballots: no choice at all
            assert not any(option.encode() in record for option in OPTIONS), oid
            assert not any(item in OPTIONS for item in walk(state)), oid
    assert sorted(logical["voted"]) == sorted(BIG[:-1])
    # The same poll with every councillor's choice changed leaves the same stored data.
    _oid, _records, other = secret_poll(database, reverse=True)
    assert other == logical
