"""A Wagtail page with nothing on it: the benchmark's "what any Wagtail page costs" baseline."""
