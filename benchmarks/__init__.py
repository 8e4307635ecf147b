"""Speed benchmarks (results in ``BENCHMARKS.md``), a package run from the repository root as
``python -m benchmarks.<name>``: they share the tests' builders and servers by importing
``tests.support`` and friends, never by editing ``sys.path``."""
