"""The offline guard itself: a request to another host is refused and recorded
(so the other tests, which all run behind it, would fail on one)."""

from __future__ import annotations


def test_requests_to_other_hosts_are_refused_and_recorded(open_page, watch) -> None:
    page = open_page("en", "index")
    outcome = page.evaluate("""async () => {
      try { await fetch('http://example.org/tracker.js'); return 'loaded'; }
      catch (error) { return 'refused'; }
    }""")
    assert outcome == "refused"
    assert watch.off_host == ["http://example.org/tracker.js"]
    watch.off_host.clear()  # recorded as it should be; the rest of this page is clean
    watch.console_errors[:] = [e for e in watch.console_errors if "ERR_BLOCKED_BY_CLIENT" not in e]
