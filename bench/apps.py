from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark_archive command: a development tool, not part of the site."""

    name = "bench"
    verbose_name = "Benchmark"
