"""The offline page (`taskmap site`): one HTML file holding its data, styles and script, rendered by Jinja2.

Jinja2 escapes every value it puts into the page; the payload goes in as JSON inside a
`<script type="application/json">`, never into script source, with `<` written as `\\u003c` so no text of
the data can close the element.
"""

from __future__ import annotations

import json
from typing import Any

from taskmap import __version__

TEMPLATE = "page.html.j2"
NOTICES_NAMED_IN_SOURCE = 3


def embedded_json(value: Any) -> str:
    """JSON safe inside a script element: compact, Chinese kept readable, no `<` at all."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def source_line(notices: list[dict[str, Any]]) -> str:
    """Where the answers come from: the notice's title and 文号, or how many notices and which."""
    if len(notices) == 1:
        notice = notices[0]
        number = notice.get("document_number")
        return f"{notice['title']}（{number}）" if number else str(notice["title"])
    keys = "、".join(notice["key"] for notice in notices[:NOTICES_NAMED_IN_SOURCE])
    more = "等" if len(notices) > NOTICES_NAMED_IN_SOURCE else ""
    return f"{len(notices)} 份文件：{keys}{more}"


def page_title(notices: list[dict[str, Any]]) -> str:
    if len(notices) == 1:
        return f"任务分工查询 · {notices[0].get('document_number') or notices[0]['title']}"
    return f"任务分工查询 · {len(notices)} 份文件"


def render_site(payload: dict[str, Any]) -> str:
    """The whole page for a site payload (see `taskmap.questions.site.site_payload`)."""
    import jinja2
    from markupsafe import Markup

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("taskmap", "render/site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    notices = payload["notices"]
    return environment.get_template(TEMPLATE).render(
        title=page_title(notices),
        source=source_line(notices),
        version=__version__,
        several=payload["several"],
        notices=notices,
        roles=payload["roles"],
        due="due" in payload,
        progress="progress" in payload,
        data=Markup(embedded_json(payload)),
    )
