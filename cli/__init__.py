"""The `aict` command line (typer): thin commands that call the packages."""
