"""Public registers (issue 15): the Atlas of decentralised cooperation, APD declarations and the
international-action lines of local budgets — column mappings as YAML beside this file, sample
files in ``samples/``, the importer in :mod:`storage.registers.importer`. docs/registers.md says
where each column comes from.
"""

from storage.registers.importer import ImportResult, import_register, load_mapping
from storage.registers.reading import RegisterError, parse_amount

__all__ = ["ImportResult", "RegisterError", "import_register", "load_mapping", "parse_amount"]
