"""Fixtures shared by every test layer."""

pytest_plugins = ["tests.dbs", "tests.world", "tests.kill_report", "tests.apiserver"]
