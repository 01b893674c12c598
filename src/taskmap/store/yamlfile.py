"""Reading one YAML data file strictly: UTF-8, plain YAML only, no aliases, no duplicate keys.

PyYAML's safe loader still expands aliases (an "alias bomb" can exhaust memory) and silently keeps the
last of two equal keys; data files edited by hand need both refused, with the line that is wrong.
Anchors are refused before anything is built, so no alias is ever expanded.
"""

from __future__ import annotations

from typing import Any

import yaml

from taskmap.errors import Problem
from taskmap.i18n import N_, _

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """Why a file cannot be read as data, and where (`line N`, or empty for the whole file).

    The message is a template marked with N_ and the values it names, as a Problem's is.
    """

    def __init__(self, where: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.where = where
        self.template = message
        self.values = values

    @property
    def message(self) -> str:
        """What is wrong, in the reader's language."""
        text = _(self.template)
        return text.format(**self.values) if self.values else text

    def in_file(self, name: str) -> Problem:
        """The problem of the data file `name`, read in its reader's language where it is shown."""
        return Problem(name, self.where, self.template, self.values)


def _line(mark: Any) -> str:
    """The place of a mark as the reader reads it ("line 3", "第 3 行")."""
    return _("line {number}").format(number=mark.line + 1) if mark is not None else ""


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_duplicate_keys(node)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_document(self, node: yaml.Node) -> Any:
        return self.construct_plain(node)

    def construct_plain(self, node: yaml.Node) -> Any:
        """Strings, lists and string-keyed maps built directly: PyYAML's generic path costs seconds on a
        10,000-task annex. Anything else (numbers, null, other tags, merge keys) goes the usual way."""
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            return node.value
        if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return [self.construct_plain(child) for child in node.value]
        if (
            node.tag == _MAP
            and isinstance(node, yaml.MappingNode)
            and all(key.tag == _STR and isinstance(key, yaml.ScalarNode) for key, _value in node.value)
        ):
            _refuse_duplicate_keys(node)
            return {key.value: self.construct_plain(value) for key, value in node.value}
        return self.construct_object(node, deep=True)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: set[str] = set()
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.value in seen:
                raise YamlProblem(_line(key_node.start_mark), N_("duplicate key '{key}'"), key=key_node.value)
            seen.add(key_node.value)


def _reject_anchors(text: str) -> None:
    """Anchors are only worth looking for where the text could hold one."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                _line(event.start_mark), N_("YAML aliases (*name) are not allowed in data files")
            )
        if getattr(event, "anchor", None) is not None:
            raise YamlProblem(
                _line(event.start_mark), N_("YAML anchors (&name) are not allowed in data files")
            )


def parse_yaml(data: bytes) -> Any:
    """Decode and parse one data file (its size already checked), or raise YamlProblem saying why not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise YamlProblem(
            _("byte {offset}").format(offset=error.start),
            N_("file is not UTF-8 text; save it as UTF-8 (a BOM is fine)"),
        ) from None
    if not text.strip():
        raise YamlProblem("", N_("file is empty"))
    try:
        _reject_anchors(text)
        document = yaml.load(text, Loader=_StrictLoader)
    except yaml.constructor.ConstructorError as error:
        where = _line(error.problem_mark)
        if not error.problem:
            raise YamlProblem(where, N_("unsupported YAML tag; data files hold plain YAML only")) from None
        raise YamlProblem(
            where,
            N_("unsupported YAML tag ({detail}); data files hold plain YAML only"),
            detail=error.problem,
        ) from None
    except yaml.MarkedYAMLError as error:
        raise YamlProblem(
            _line(error.problem_mark), N_("invalid YAML: {detail}"), detail=error.problem
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem("", N_("invalid YAML: {detail}"), detail=error) from None
    if document is None:
        raise YamlProblem("", N_("file has no content"))
    return document
