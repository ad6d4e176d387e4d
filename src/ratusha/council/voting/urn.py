"""The urn of a secret ballot: one masked counter per option, changed in place, nothing else.

A ballot box that kept ballots (a row, a token, a BTree entry per vote) kept their order too:
a history-preserving storage (FileStorage, WAL, PostgreSQL's dead tuples and WAL) holds every
state, and the voters' order is public (audit trail, access log, the "voted" set). So the urn
keeps no ballot. It keeps, per option, a counter modulo M, and a vote by voter v for choice c
adds to *every* option o

    [o == c] + mask(key, urn, v, o)          (mod M)

where mask is an HMAC of a key kept outside the storage. Without the key two copies of the
urn taken around a vote differ by random numbers in every counter. With the key one copy still
gives only the totals of those who voted so far: the masks of all of them come off at once
(`counts`), as the voter set is stored and the order of the additions is not; two copies taken
around one vote give that vote away, which is why the key belongs outside the storage. A total
outside 0..voters (an addition committed without its voter's mark, say after a crash, or read
before that mark's commit) is refused rather than published.

The additions join the Zope transaction and are applied in its vote phase, after the ZODB
has voted: a vote retried after a ConflictError or refused adds nothing, one that commits adds
exactly once. Subclasses give the storage (`MemoryUrn` for tests, SQL in `urnstore`).
"""

import hashlib
import hmac
from ratusha.council.ballots import Uncountable
import threading
import transaction


MODULUS = 2**60  # sums of two counters stay inside a signed 64-bit SQL integer
_JOINED = object()  # key of the transaction's {urn id: _Pending}


def mask(key: bytes, urn_id: str, voter: str, option: str) -> int:
    message = "\x1f".join((urn_id, voter, option)).encode("utf-8")
    return int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big") % MODULUS


class Urn:
    """Counters of one secret poll, `urn_id` naming them in the store."""

    def __init__(self, urn_id: str, key: bytes):
        self.urn_id = urn_id
        self.key = key

    # -- what the ballot box calls -------------------------------------------------------------

    def prepare(self, options):
        """Create the counters (at zero) when the poll opens, in the options' order."""
        self._store_prepare(tuple(options))

    def drop(self, voter, choice, options, manager=None):
        """Add `voter`'s ballot when the current transaction commits."""
        pending = self._pending(manager)
        for option in options:
            added = mask(self.key, self.urn_id, voter, option) + (option == choice)
            pending.adds[option] = (pending.adds.get(option, 0) + added) % MODULUS
        pending.options = tuple(options)

    def counts(self, options, voters, manager=None) -> dict:
        """The totals: the counters, with this transaction's own additions, less every
        voter's masks. Raises ballots.Uncountable."""
        stored = self._store_read()
        pending = self._joined(manager).get(self.urn_id)
        adds = pending.adds if pending is not None else {}
        totals = {}
        for option in options:
            masks = sum(mask(self.key, self.urn_id, voter, option) for voter in voters)
            totals[option] = (stored.get(option, 0) + adds.get(option, 0) - masks) % MODULUS
        if any(total > len(voters) for total in totals.values()) or sum(totals.values()) != len(
            voters
        ):
            raise Uncountable()
        return totals

    def empty(self, manager=None):
        """Remove the counters when the current transaction (the close) commits."""
        self._pending(manager).clear = True

    # -- joining the transaction ---------------------------------------------------------------

    @staticmethod
    def _joined(manager) -> dict:
        txn = (manager or transaction.manager).get()
        try:
            return txn.data(_JOINED)
        except KeyError:
            joined = {}
            txn.set_data(_JOINED, joined)
            return joined

    def _pending(self, manager):
        joined = self._joined(manager)
        if self.urn_id not in joined:
            joined[self.urn_id] = _Pending(self, manager or transaction.manager)
            (manager or transaction.manager).get().join(joined[self.urn_id])
        return joined[self.urn_id]

    # -- storage, given by subclasses ----------------------------------------------------------

    def _store_prepare(self, options):
        raise NotImplementedError

    def _store_apply(self, adds: dict, options: tuple, clear: bool):
        raise NotImplementedError

    def _store_read(self) -> dict:
        raise NotImplementedError


class _Pending:
    """A transaction's data manager for one urn: its additions are applied in `tpc_vote`,
    sorted after the ZODB, so only a vote whose ZODB part has voted adds anything."""

    def __init__(self, urn, manager):
        self.urn = urn
        self.transaction_manager = manager
        self.adds = {}
        self.options = ()
        self.clear = False

    def sortKey(self):
        return "~ratusha.council.urn"

    def tpc_vote(self, txn):
        if self.adds or self.clear:
            self.urn._store_apply(dict(self.adds), self.options, self.clear)

    def abort(self, txn):
        self.adds, self.clear = {}, False

    tpc_abort = abort

    def tpc_begin(self, txn):
        pass

    def commit(self, txn):
        pass

    def tpc_finish(self, txn):
        pass

    def savepoint(self):
        return _Savepoint(self)


class _Savepoint:
    def __init__(self, pending):
        self.pending = pending
        self.state = (dict(pending.adds), pending.clear)

    def rollback(self):
        self.pending.adds, self.pending.clear = dict(self.state[0]), self.state[1]


class MemoryUrn(Urn):
    """Counters in a dict shared by every urn of the same id (tests, one process)."""

    _stores = {}
    _lock = threading.Lock()

    def _counters(self):
        return self._stores.setdefault(self.urn_id, {})

    def _store_prepare(self, options):
        with self._lock:
            counters = self._counters()
            for option in options:
                counters.setdefault(option, 0)

    def _store_apply(self, adds, options, clear):
        with self._lock:
            counters = self._counters()
            for option, added in adds.items():
                counters[option] = (counters.get(option, 0) + added) % MODULUS
            if clear:
                self._stores.pop(self.urn_id, None)

    def _store_read(self):
        with self._lock:
            return dict(self._counters())
