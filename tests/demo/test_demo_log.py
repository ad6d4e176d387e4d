"""Creating the demo site logs no ERROR: a newcomer's first `make run` reads clean."""


def test_creating_the_demo_logs_no_error(demo):
    assert [f"{r.name}: {r.getMessage()}" for r in demo["demo_errors"]] == []
