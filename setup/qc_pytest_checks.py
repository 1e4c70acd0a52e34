"""Pytest plugin of setup/test: a browser tour that was skipped is a failure.

Odoo skips a tour silently when chromium or websocket-client is missing; a green
run that did not drive the browser would hide that, so such a skip fails the run.
"""

import pytest

BROWSER_WORDS = ("chrome", "chromium", "websocket", "browser", "httpcase", "devtools")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped:
        reason = str(report.longrepr).lower()
        if any(word in reason for word in BROWSER_WORDS):
            report.outcome = "failed"
            report.longrepr = f"a browser test was skipped, which counts as a failure: {reason}"
    return report
