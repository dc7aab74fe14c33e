"""The public API is exactly ``dyad.api.__all__`` (as httpx guards its exports)."""

from __future__ import annotations

import inspect
import pkgutil

import dyad.api


def test_every_exported_name_resolves():
    missing = [n for n in dyad.api.__all__ if not hasattr(dyad.api, n)]
    assert not missing


def test_every_public_callable_is_exported():
    exported = set(dyad.api.__all__)
    public = {
        name for name, obj in vars(dyad.api).items()
        if not name.startswith("_") and not inspect.ismodule(obj)
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", "").startswith("dyad.")
    }
    assert public <= exported, sorted(public - exported)


def test_every_api_module_is_re_exported():
    # browse serves the web app and is reached as dyad.api.browse (its names are generic)
    modules = {m.name for m in pkgutil.iter_modules(dyad.api.__path__)} - {"browse"}
    for name in modules:
        mod = __import__(f"dyad.api.{name}", fromlist=["__all__"])
        assert hasattr(mod, "__all__"), f"dyad.api.{name} has no __all__"
        assert set(mod.__all__) <= set(dyad.api.__all__), name


def test_open_store_and_the_error_family_are_public():
    for name in ("open_store", "DyadError", "UsageError", "LoadError", "compare_administrations",
                 "CountingRule", "sensitivity_table"):
        assert name in dyad.api.__all__
