"""Turning a parsed notice into the data directory the loader reads: notice.yaml, departments.yaml,
annexes/annex-N.yaml and the page under source/."""

from __future__ import annotations

import re
from typing import Any

import yaml

from taskmap.identity import notice_jurisdiction
from taskmap.importer.conventions import ALIAS, LEVEL_PREFIXES, UnitGroup
from taskmap.importer.structure import ParsedAnnex, ParsedNotice, ParsedTask
from taskmap.model import ROLES
from taskmap.registry import normalise
from taskmap.store.schema import NoticeFile

CITATION = re.compile(r"《([^《》]+)》[（(]([^（）()]+〔\d{4}〕\d+号)[）)]")
KIND_RULES = (
    # 各有关部门, 市各部门, 省直各部门, 省政府各部门, 各直属机构: phrases for many units, not one
    (re.compile(r"^各|有关|相关|各部门|各单位|各直属|直各"), "collective"),
    (re.compile(r"(法院|检察院)$"), "court_procuratorate"),
    (re.compile(r"(领导小组|协调推进机制|委员会办公室)"), "coordination_body"),
    (re.compile(r"(工会|妇联|团[省市区县]委|共青团|工商联|残联|科协)"), "peoples_organization"),
    (re.compile(r"(公司|集团|铁路)"), "enterprise"),
    # 市委…, 区委组织部, 县委宣传部, 党工委, 纪工委: the party's own organs at every level
    (re.compile(r"^(?:[省市区县]委|中央)|党委|党工委|纪委|纪工委"), "party_organ"),
    (re.compile(r"(部|局|委|办|署|厅|行|会|室|政府|总社)$"), "government_department"),
)


def document_level(title: str) -> str:
    """national for the State Council and its ministries, provincial for 江苏/省, city otherwise."""
    if title.startswith(("国务院", "国家")):
        return "national"
    if title.startswith(("江苏", "省")):
        return "provincial"
    return "city"


def cited_documents(preamble: str | None) -> list[dict[str, Any]]:
    """Every 《title》(文号) the preamble cites, in order, with its level."""
    return [
        {"level": document_level(title), "title": title, "number": number}
        for title, number in CITATION.findall(preamble or "")
    ]


def annex_basis(annex: ParsedAnnex) -> list[dict[str, Any]]:
    """The documents an annex's preamble cites; a plan printed after the letter's date also those its
    letter cites (根据《…》（国办发〔2019〕14号）精神，我们研究制定了《…》), first."""
    own = cited_documents(annex.preamble)
    return [document for document in cited_documents(annex.letter) if document not in own] + own


def annex_document(annex: ParsedAnnex, notice: ParsedNotice) -> dict[str, Any]:
    """The yaml mapping of one annex; the document it implements is the one its title quotes."""
    basis = annex_basis(annex)
    quoted = re.match(r"^《(.+?)》", annex.title)
    if quoted and not annex.in_body:
        city = [document["number"] for document in basis if document["level"] == "city"]
        implements = {"title": quoted[1], "number": city[-1] if city else None}
    else:
        implements = {
            "title": notice.fields.get("title") or annex.title,
            "number": notice.fields.get("document_number"),
        }
    document: dict[str, Any] = {"number": annex.number, "title": annex.title}
    if annex.in_body:
        document["in_body"] = True
    document |= {"implements": implements, "basis": basis}
    if annex.preamble:
        document["preamble"] = annex.preamble
    document["sections"] = [
        {
            "number": section.number,
            **({"numeral": section.numeral} if section.numeral else {}),
            "title": section.title,
            "tasks": [task_document(annex.number, section.number, task) for task in section.tasks],
        }
        for section in annex.sections
    ]
    if annex.populations:
        document["populations"] = [
            {"number": row.number, "name": row.name, "lead": row.lead} for row in annex.populations
        ]
    return document


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text as the validator accepts it: control characters (a notice's stray ESC bytes) dropped."""
    return CONTROL.sub("", text)


def unit_name(name: str) -> str:
    """A unit's name without the spaces a page may print inside it (`区 公安局`)."""
    return re.sub(r"\s+", "", clean(name))


def unit_list(group: UnitGroup, role: str) -> list[str]:
    return list(dict.fromkeys(unit_name(unit) for unit in group.roles.get(role, [])))


def task_document(annex: int, section: int, task: ParsedTask) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": f"{annex}.{section}.{task.number}", "number": task.number}
    if not task.numbered:
        entry["numbered"] = False
    text, heading = clean(task.text), clean(task.heading) if task.heading else None
    entry |= {"heading": heading if heading and text.startswith(heading) else None, "text": text}
    entry |= {
        role: list(dict.fromkeys(unit_name(unit) for unit in task.roles[role]))
        for role in ROLES
        if task.roles.get(role)
    }
    if task.open_ended:
        entry["open_ended"] = {role: task.open_ended[role] for role in ROLES if role in task.open_ended}
    if task.remarks:
        entry["remark"] = clean("，".join(task.remarks))
    if task.lead_unknown:
        entry["lead_unknown"] = True
    if task.deadline:
        entry["deadline"] = clean(task.deadline)
    if task.printed and task.printed.rstrip(".、．") != str(task.number):
        entry["printed"] = task.printed  # the shipped notice's items print as their ids do: nothing to add
    clauses = [
        {"text": clean(words), **{role: names for role in ROLES if (names := unit_list(group, role))}}
        for words, group in task.clauses
        if clean(words) in text
    ]
    if len(clauses) > 1:
        entry["clauses"] = clauses
    if task.subsections:
        entry["subsections"] = [clean(heading) for heading in task.subsections]
    return entry


def infer_kind(name: str) -> str:
    """The kind a unit's name makes plain (市…局 is a government department), else "other"."""
    return next((kind for pattern, kind in KIND_RULES if pattern.search(name)), "other")


def prefixed_pairs(names: list[str]) -> dict[str, str]:
    """`交建局` where the same notice also prints `区交建局`: one unit, the prefixed name its own."""
    printed = set(names)
    return {
        name: prefix + name
        for name in printed
        for prefix in LEVEL_PREFIXES
        if prefix + name in printed and not name.startswith(LEVEL_PREFIXES)
    }


def departments_document(
    notice: ParsedNotice, registry: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """The office's registry with every unit it did not know appended (kind inferred), and the count added."""
    known = {normalise(name) for entry in registry for name in (entry["name"], *entry.get("spellings", []))}
    known |= {normalise(name) for entry in registry for name in entry.get("short_forms", [])}
    entries = list(registry)
    names = [unit_name(u) for task in notice.tasks() for role in ROLES for u in task.roles.get(role, [])]
    names += [unit_name(u) for annex in notice.annexes for row in annex.populations for u in row.lead]
    expansions = prefixed_pairs(names) | notice.expansions
    added = 0
    new: dict[str, dict[str, Any]] = {}
    for printed in dict.fromkeys(names):
        if normalise(printed) in known:
            continue
        name = expansions.get(printed, printed)
        if (alias := ALIAS.search(name)) and name[: alias.start()]:
            name = name[: alias.start()]  # 省编办（省审改办） is 省编办, printed with its other name
        if name not in new and normalise(name) not in known:
            simplified = name.translate(notice.simplified)
            new[name] = {"name": name, "kind": infer_kind(simplified), "kind_inferred": True}
            known.add(normalise(name))
            if normalise(simplified) not in known:  # 縣發改局 is found as 县发改局 too
                new[name]["spellings"] = [simplified]
                known.add(normalise(simplified))
            entries.append(new[name])
            added += 1
        if name != printed and name in new:
            new[name].setdefault("spellings", []).append(printed)
        known.add(normalise(printed))
    return entries, added


def notice_document(notice: ParsedNotice) -> dict[str, Any]:
    fields = dict(notice.fields)
    fields.setdefault("title", notice.annexes[0].title if notice.annexes else "未命名通知")
    if not fields.get("annexes"):
        fields["annexes"] = [{"number": annex.number, "title": annex.title} for annex in notice.annexes]
    if fields.get("issuer") or fields.get("publisher"):
        fields.setdefault("jurisdiction", notice_jurisdiction(fields))
    # notice.yaml's keys in the order the loader's schema declares them.
    return {key: fields[key] for key in NoticeFile.model_fields if key in fields}


_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter is ten times faster


class _PlainDumper(_Dumper):  # type: ignore[misc]
    """PyYAML's representer looks every value up for aliases and tags; plain data needs neither, and never
    sharing a node means no anchor is written that the loader would refuse."""

    def represent_data(self, data: Any) -> yaml.Node:
        if type(data) is str:
            return yaml.ScalarNode("tag:yaml.org,2002:str", data)
        if type(data) is dict:
            pairs = [(self.represent_data(key), self.represent_data(value)) for key, value in data.items()]
            return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)
        if type(data) is list:
            items = [self.represent_data(item) for item in data]
            return yaml.SequenceNode("tag:yaml.org,2002:seq", items, flow_style=False)
        node: yaml.Node = super().represent_data(data)
        return node


def yaml_text(document: Any) -> str:
    """The YAML of a document of dicts, lists and scalars, exactly as PyYAML writes it, in less time."""
    return yaml.dump(document, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=10_000)
