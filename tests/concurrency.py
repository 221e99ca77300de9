"""Running model calls at the same moment, each in its own thread with its own database
connection (closed when it ends), for the PostgreSQL-only concurrency tests."""

import threading

from django.db import connection


def together(*calls, expected=()):
    """Run the calls in threads released at the same moment; their results in order, or the
    exception of a type in ``expected`` that a call raised. Any other exception fails the test."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    failures = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except expected as error:
            results[index] = error
        except Exception as error:  # reported below, on the test's thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    assert not failures, failures
    return results
