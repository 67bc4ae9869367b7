"""The core-schema loaders' shortened resolver gives the tags PyYAML's own would."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from newsgen import yamlsafe

LOADERS = (yamlsafe._CoreLoader, yamlsafe._PureCoreLoader)
SAMPLES = ["", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "tRUE", "false",
           "no", "NO", "yes", "on", "0", "-3", "+4", "1_000", "0x1F", "0o17", "2.5", ".5", "5.",
           "1e3", "1.5e-3", "-.inf", ".nan", "20:45", "1:0", "90+4", "Napoli", "n", "t", "."]


def _tags(loader: type[yaml.SafeLoader], value: str) -> list[str]:
    ours = loader("")
    try:
        return [f(ours, kind, value, implicit)
                for f in (type(ours).resolve, yaml.resolver.BaseResolver.resolve)
                for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode)
                for implicit in ((True, False), (False, True), (False, False))]
    finally:
        ours.dispose()


def _same(value: str) -> None:
    for loader in LOADERS:
        tags = _tags(loader, value)
        half = len(tags) // 2
        assert tags[:half] == tags[half:], (loader, value)


def test_the_resolver_gives_pyyaml_s_tags_for_every_kind_of_scalar() -> None:
    for value in SAMPLES:
        _same(value)


@given(st.text(alphabet="-+.0123456789eE_xXo:~nNulLtTrRfFaAsS ", max_size=8) | st.text())
def test_the_resolver_gives_pyyaml_s_tags_for_any_text(value: str) -> None:
    _same(value)
