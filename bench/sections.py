"""Extra sections of `make bench`, each its own module, run after the page figures.

A section is a function `run(ctx) -> None` that prints its own lines with `ctx.out` and returns;
it may raise `BenchError` to say it could not run. `ctx` carries the parsed arguments, the
production environment of this run (a dict, as given to gunicorn) and `out`. Django is set up
against the bench database when a section runs. Register a section by adding it to SECTIONS:
its name is what `--only` and `--skip` take.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class SectionContext:
    args: object
    env: dict[str, str]
    out: Callable[[str], None]


# name → "module:function", imported only when the section runs.
SECTIONS: dict[str, str] = {}
SECTIONS["exports"] = "bench.exports:run"
SECTIONS["pdfs"] = "bench.pdfs:run"
SECTIONS["fanout"] = "bench.fanout:run"
SECTIONS["u5_pdf"] = "bench.u5_pdf:run"
SECTIONS["report_export"] = "bench.report_export:run"


def selected(only: list[str], skip: list[str]) -> list[str]:
    unknown = sorted(set(only + skip) - set(SECTIONS) - {"pages"})
    if unknown:
        raise ValueError(f"unknown bench section(s): {', '.join(unknown)}; known: pages, {', '.join(SECTIONS)}")
    names = only or ["pages", *SECTIONS]
    return [n for n in names if n not in skip]


def run_section(name: str, ctx: SectionContext) -> None:
    module_name, function = SECTIONS[name].split(":")
    getattr(importlib.import_module(module_name), function)(ctx)
