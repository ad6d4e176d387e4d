"""Ballots of one poll, stored so that 51 councillors can vote in the same second.

Every vote writes only into BTrees keyed by the voter: two votes change different keys,
which BTrees' conflict resolution merges, so no vote is lost to a ConflictError; a shared
counter or a dict rewritten per vote would make all but one of the simultaneous votes fail (a
shared mapping lost 217 of 255 votes in a 51-voter burst). The BallotBox itself is written
only when the poll opens or closes. A vote declares that it read the box current
(`readCurrent`), so a vote racing the close either lands before it or is retried and refused;
the close reads every ballot bucket current, so its totals miss no vote.

Secret ballots (elections, чл. 24 ЗМСМА) keep only *who voted* here (a set of voter ids). The
choice never enters the ZODB: it goes to the poll's urn (`council.voting.urn`), masked
counters outside the ZODB that change in place and keep no order, applied in a transaction
of their own once the ZODB has voted. The ZODB keeps every transaction until it is packed and
the order of the voters is public anyway (audit trail, access log); an anonymous ballot
stored beside the voter's mark, as this box once did, was linked to it by comparing the two
revisions. On close the urn gives the totals and is emptied. See docs/council.md, "Secret
ballots". Never log, audit or notify the choice of a secret vote; the audit says "voted" only.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent
from ratusha.core.msgids import _
import secrets
import string
import transaction
from ZODB.POSException import ReadConflictError


NAMED, ROLL_CALL, SHOW_OF_HANDS, SECRET = "named", "roll_call", "show_of_hands", "secret"
MODES = (NAMED, ROLL_CALL, SHOW_OF_HANDS, SECRET)
PERSONAL_MODES = (NAMED, ROLL_CALL)  # a ballot per councillor, shown with the name
YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = (YES, NO, ABSTAIN)


class BallotError(ValueError):
    """A refused act. `code` is a stable marker, `status` the HTTP status a REST layer should
    answer, and (msgid, default, mapping) the translatable message."""

    code = "ballot"
    status = 400
    msgid, default = _("council_ballot_error", default="The vote was refused.")

    def __init__(self, **mapping):
        self.mapping = mapping
        super().__init__(string.Template(self.default).safe_substitute(mapping))


class WrongMode(BallotError):
    code, status = "wrong_mode", 400
    msgid, default = _(
        "council_ballot_wrong_mode", default="This cannot be done in a poll of mode ${mode}."
    )


class PollNotOpen(BallotError):
    code, status = "not_open", 409
    msgid, default = _("council_ballot_not_open", default="The poll is not open.")


class PollClosed(BallotError):
    code, status = "closed", 409
    msgid, default = _(
        "council_ballot_closed", default="The poll is closed; votes are no longer accepted."
    )


class AlreadyOpen(BallotError):
    code, status = "already_open", 409
    msgid, default = _("council_ballot_already_open", default="The poll has already been opened.")


class NotEligible(BallotError):
    code, status = "not_eligible", 403
    msgid, default = _(
        "council_ballot_not_eligible",
        default="${voter} may not vote in this poll (not present when it opened).",
    )


class ConflictOfInterest(NotEligible):
    code = "conflict_of_interest"
    msgid, default = _(
        "council_ballot_conflict",
        default="${voter} declared a conflict of interest and does not vote on this item.",
    )


class InvalidChoice(BallotError):
    code, status = "invalid_choice", 400
    msgid, default = _(
        "council_ballot_invalid_choice", default="${choice} is not one of the options of this poll."
    )


class AlreadyVoted(BallotError):
    code, status = "already_voted", 409
    msgid, default = _(
        "council_ballot_already_voted", default="${voter} has already voted in this poll."
    )


class LateDeclaration(BallotError):
    code, status = "late_declaration", 409
    msgid, default = _(
        "council_ballot_late_declaration",
        default="${voter} has already voted; a conflict of interest must be "
        "declared before voting.",
    )


class MissingTotals(BallotError):
    code, status = "missing_totals", 409
    msgid, default = _(
        "council_ballot_missing_totals",
        default="Record the totals of the show of hands before closing the poll.",
    )


class Uncountable(BallotError):
    code, status = "uncountable", 409
    msgid, default = _(
        "council_ballot_uncountable",
        default="The secret ballots cannot be counted: the urn does not match "
        "the councillors who voted. Hold the vote again.",
    )


class InvalidTotals(BallotError):
    code, status = "invalid_totals", 400
    msgid, default = _(
        "council_ballot_invalid_totals",
        default="${total} votes recorded but only ${eligible} councillors may vote.",
    )


def anonymise_transaction(txn=None):
    """Clear who and what from the current transaction's metadata (secret votes).

    Zope records the user and the request path in every transaction; the ZODB transaction of a
    secret vote holds only the voter's mark, and names nobody. Call after casting, before the
    commit.
    """
    txn = txn or transaction.get()
    txn.user = ""
    txn.description = ""
    txn.extension = {}


def _read_current(tree):
    """Make the transaction fail with a ConflictError if anyone changed `tree` meanwhile.

    `readCurrent` on the tree alone is not enough: an insert into a bucket changes only that
    bucket. Walking the bucket chain relies on the BTree state format: a tree is
    `((children...), firstbucket)` (or its single bucket inline), a bucket `(items, next)`.
    """
    jar = tree._p_jar
    if jar is None:
        return
    tree._p_activate()  # the serial to check is the loaded one, not a ghost's
    jar.readCurrent(tree)
    state = tree.__getstate__()
    if not state or len(state) < 2:
        return
    bucket = state[1]
    while bucket is not None:
        bucket._p_activate()
        if bucket._p_jar is not None:
            jar.readCurrent(bucket)
        bucket_state = bucket.__getstate__()
        bucket = bucket_state[1] if len(bucket_state) > 1 else None


class BallotBox(Persistent):
    """All ballots of one poll. Times are given by the caller (timezone-aware datetimes).
    `options`: the candidates of a secret ballot (default: yes / no / abstain, which named,
    roll-call and show-of-hands polls always use)."""

    def __init__(self, mode=NAMED, options=None):
        if mode not in MODES:
            raise WrongMode(mode=mode)
        self.mode = mode
        self.options = tuple(options) if options and mode == SECRET else CHOICES
        if len(set(self.options)) != len(self.options) or not all(self.options):
            raise InvalidChoice(choice=", ".join(map(str, self.options)))
        self.present = ()  # snapshot when opened
        self.opened = None
        self.closed = None
        self.totals = None  # show of hands: recorded; secret: set when closed
        self.conflicts = OOBTree()  # voter → (time, text)
        self.ballots = OOBTree()  # named / roll call: voter → (choice, time, recorded_by)
        self.voted = OOTreeSet()  # secret: who voted (the choices are in the urn)
        self.anonymous = None  # secret boxes made before the urn: token → choice

    # -- state ------------------------------------------------------------------------------

    @property
    def is_open(self):
        return self.opened is not None and self.closed is None

    @property
    def eligible(self):
        """Present at opening, less those who declared a conflict of interest."""
        return tuple(voter for voter in self.present if voter not in self.conflicts)

    def open(self, present, now, conflicts=None, urn=None):
        """Open with the snapshot of councillors present; `conflicts`: voter → (time, text)
        declared on the item before (they are present but not eligible). A secret poll's
        `urn` gets its counters now, before anyone votes."""
        if self.opened is not None:
            raise AlreadyOpen()
        self.present = tuple(dict.fromkeys(present))
        for voter, (time, text) in (conflicts or {}).items():
            self.conflicts[voter] = (time, text)
        self.opened = now
        if self.mode == SECRET:
            if self.anonymous is not None and not len(self.anonymous):
                self.anonymous = None  # made the old way, opened now: the urn takes the votes
            if self.anonymous is None:
                self._urn(urn).prepare(self.options)

    def close(self, now, urn=None, last_try=False):
        """Close; a secret poll's urn becomes totals here and is emptied.

        The urn is read as it is now, the voters as this transaction's snapshot has them: a
        vote committing meanwhile makes them disagree, and the close would fail on its
        `readCurrent` anyway, so it is retried (ReadConflictError) with a fresh snapshot.
        Only on the `last_try` is a disagreement reported as Uncountable."""
        self._check_open()
        if self.mode == SHOW_OF_HANDS and self.totals is None:
            raise MissingTotals()
        for tree in (self.ballots, self.voted, self.anonymous, self.conflicts):
            if tree is not None:
                _read_current(tree)
        if self.mode == SECRET:
            if self.anonymous is not None:  # a box filled the old way
                counts = dict.fromkeys(self.options, 0)
                for choice in self.anonymous.values():
                    counts[choice] += 1
            else:
                try:
                    counts = self._urn(urn).counts(self.options, tuple(self.voted), self._manager())
                except Uncountable:
                    if last_try:
                        raise
                    raise ReadConflictError(oid=self.voted._p_oid) from None
                self._urn(urn).empty(self._manager())
            self.totals = counts
            self.anonymous = None
        self.closed = now

    def _urn(self, urn):
        if urn is None:
            raise TypeError("a secret ballot needs its urn")
        return urn

    def _manager(self):
        return self._p_jar.transaction_manager if self._p_jar is not None else None

    def declare_conflict(self, voter, text, now):
        """A councillor declares a private interest (recorded with time and text); from then on
        the councillor is not eligible in this poll."""
        if self.closed is not None:
            raise PollClosed()
        for tree in (self.ballots, self.voted):  # a vote committed meanwhile makes this retry
            _read_current(tree)
        if self.has_voted(voter):
            raise LateDeclaration(voter=voter)
        self.conflicts[voter] = (now, text)

    def has_voted(self, voter):
        if self.mode == SECRET:
            return voter in self.voted
        return voter in self.ballots

    def _check_open(self):
        if self.closed is not None:
            raise PollClosed()
        if self.opened is None:
            raise PollNotOpen()

    # -- votes ------------------------------------------------------------------------------

    def cast(self, voter, choice, now, replace=True, recorded_by=None, urn=None):
        """Record `voter`'s `choice` exactly once.

        Named and roll-call polls replace an earlier vote when `replace` (the councillor
        changes the vote before the close), else refuse it; a secret ballot is never replaced
        (finding the old ballot would need the link secrecy forbids): its choice goes to the
        `urn` when the transaction commits, the box records only that the voter voted.
        `recorded_by`: the clerk of a roll call. Writes only the ballot BTrees, never the box.
        """
        if self.mode == SHOW_OF_HANDS:
            raise WrongMode(mode=self.mode)
        if self._p_jar is not None:
            self._p_activate()
            self._p_jar.readCurrent(self)
        self._check_open()
        _read_current(self.conflicts)
        if voter in self.conflicts:
            raise ConflictOfInterest(voter=voter)
        if voter not in self.present:
            raise NotEligible(voter=voter)
        if choice not in self.options:
            raise InvalidChoice(choice=choice)
        if self.mode == SECRET:
            if voter in self.voted:
                raise AlreadyVoted(voter=voter)
            self.voted.add(voter)
            if self.anonymous is not None:  # a poll opened the old way ends the old way
                self.anonymous[secrets.token_hex(16)] = choice
            else:
                self._urn(urn).drop(voter, choice, self.options, self._manager())
            return
        if voter in self.ballots and not replace:
            raise AlreadyVoted(voter=voter)
        self.ballots[voter] = (choice, now, recorded_by)

    def ballot_of(self, voter):
        """The councillor's own vote (shown on the voting panel); None in secret polls."""
        if self.mode not in PERSONAL_MODES:
            return None
        ballot = self.ballots.get(voter)
        return ballot[0] if ballot else None

    def record_totals(self, yes, no, abstain):
        """Show of hands: the clerk's counts, correctable until the poll closes."""
        if self.mode != SHOW_OF_HANDS:
            raise WrongMode(mode=self.mode)
        self._check_open()
        counts = {YES: yes, NO: no, ABSTAIN: abstain}
        total = sum(counts.values())
        if min(counts.values()) < 0 or total > len(self.eligible):
            raise InvalidTotals(total=total, eligible=len(self.eligible))
        self.totals = counts

    # -- results ----------------------------------------------------------------------------

    def tally(self):
        """Counts and progress.

        `counts`: option → votes (None for a secret poll still open); `voted`: how many voted;
        `not_voted`: eligible ids without a vote (named modes only); `present`, `eligible`: sizes
        of the snapshot, as the majority rules need them.
        """
        eligible = self.eligible
        result = {
            "mode": self.mode,
            "open": self.is_open,
            "present": len(self.present),
            "eligible": len(eligible),
        }
        if self.mode in PERSONAL_MODES:
            counts = dict.fromkeys(CHOICES, 0)
            for choice, _time, _by in self.ballots.values():
                counts[choice] += 1
            result.update(
                counts=counts,
                voted=len(self.ballots),
                not_voted=[voter for voter in eligible if voter not in self.ballots],
            )
        elif self.mode == SHOW_OF_HANDS:
            counts = dict(self.totals) if self.totals else None
            result.update(counts=counts, voted=sum(counts.values()) if counts else 0)
        else:
            result.update(
                counts=dict(self.totals) if self.totals is not None else None, voted=len(self.voted)
            )
        return result

    def named_votes(self):
        """voter → choice for the protocol's table; empty unless the mode is named."""
        if self.mode not in PERSONAL_MODES:
            return {}
        return {voter: ballot[0] for voter, ballot in self.ballots.items()}
