"""What tests share: the `aict` command line as a child process (``cli``), sources files
(``sources``), loopback fixture sites on allocated addresses (``sites``) and data builders
(``data``). Benchmarks import them too (``python -m benchmarks.…`` from the repository root)."""
