"""Writing a career as YAML: block style, keys in the schema's order, with :class:`Flow` lists
(``period: [2024, 2034]``) in flow style."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml


class Flow(list[Any]):
    """A list written in YAML flow style, e.g. ``period: [2024, 2034]``."""


# libyaml's emitter when PyYAML has it (as bot.knowledge's loader): four times faster.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's safe dumper, writing :class:`Flow` lists in flow style."""


_Dumper.add_representer(
    Flow, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def dump_career(header: str, career: Mapping[str, Any]) -> bytes:
    """The file of one career: ``header`` (comment lines), then the career as YAML."""
    return dump_yaml(header, career)


def dump_yaml(header: str, data: Mapping[str, Any]) -> bytes:
    """A generated file: ``header`` (comment lines), then ``data`` as YAML."""
    text = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
        default_flow_style=False,
    )  # fmt: skip
    return (header + text).encode("utf-8")
