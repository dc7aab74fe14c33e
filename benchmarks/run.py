"""Run every benchmark in this folder (`make bench`): each module bench_*.py has main()."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    mods = sorted(here.glob("bench_*.py"))
    if not mods:
        print("no benchmarks found")
        return 0
    # Registered under its own name and importable from this folder, so a benchmark's
    # worker processes can unpickle its functions (bench_events generates in a pool).
    sys.path.insert(0, str(here))
    for path in mods:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module
        spec.loader.exec_module(module)
        print(f"== {path.stem}")
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
