"""TOTP and lockout rules, as tables (plain Python)."""

import pytest
from ratusha.access import totp
from ratusha.access.throttle import after_failure
from ratusha.access.throttle import Counter
from ratusha.access.throttle import is_locked
from ratusha.access.throttle import Policy


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_700_000_000.0  # step 56666666, 20 s into it
STEP = int(NOW // 30)


@pytest.mark.parametrize(
    "offset,last_step,accepted_step",
    [
        (0, None, STEP),  # current code
        (-30, None, STEP - 1),  # one step late: tolerated
        (30, None, STEP + 1),  # one step early (clock skew): tolerated
        (-60, None, None),  # two steps late: refused
        (60, None, None),
        (0, STEP, None),  # replay of the code just used
        (-30, STEP, None),  # an older code after a newer one
        (30, STEP, STEP + 1),  # the next code is fine
    ],
)
def test_totp_window_and_replay(offset, last_step, accepted_step):
    code = totp.code_at(SECRET, NOW + offset)
    assert totp.matching_step(SECRET, code, NOW, last_step) == accepted_step


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", None])
def test_malformed_codes(code):
    assert totp.matching_step(SECRET, code, NOW, None) is None


def test_code_with_spaces_accepted():
    code = totp.code_at(SECRET, NOW)
    assert totp.matching_step(SECRET, f"{code[:3]} {code[3:]}", NOW, None) == STEP


def test_recovery_codes_single_use():
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == 10 and all(len(c) == 9 and c[4] == "-" for c in codes)
    salt = b"salt-salt-salt!!"
    hashes = [totp.hash_recovery_code(c, salt) for c in codes]
    assert codes[3] not in "".join(hashes)
    remaining = totp.use_recovery_code(codes[3].upper().replace("-", " "), salt, hashes)
    assert remaining is not None and len(remaining) == 9
    assert totp.use_recovery_code(codes[3], salt, remaining) is None
    assert totp.use_recovery_code("zzzz-zzzz", salt, hashes) is None


POLICY = Policy(max_failures=3, window_seconds=60, lock_seconds=300)


def test_lock_after_limit_within_window():
    counter = None
    for second in (0, 10, 20):
        counter = after_failure(counter, second, POLICY.max_failures, POLICY)
    assert counter.failures == 3 and is_locked(counter, 21)
    assert not is_locked(counter, 20 + 301)


def test_window_restarts_counting():
    counter = after_failure(None, 0, 3, POLICY)
    counter = after_failure(counter, 10, 3, POLICY)
    counter = after_failure(counter, 100, 3, POLICY)  # window of 60 s passed
    assert counter.failures == 1 and not is_locked(counter, 100)


def test_never_locked_without_counter():
    assert not is_locked(None, 0)
    assert not is_locked(Counter(failures=2, first_failure=0), 1)
