"""The notice's own facts: its information box, title, addressees, body, annex list and signature.

Two layouts occur: `索 引 号:014109445/2019-00079` (key and value on one line, several pairs a line)
and `索 引 号：` with the value on the next line (gov.cn pages).
"""

from __future__ import annotations

import re
from itertools import pairwise

from taskmap.importer.numbering import numbering_of

BOX_KEYS = {
    "信息名称": "title",
    "标题": "title",
    "名称": "title",
    "索引号": "index_number",
    "文件编号": "document_number",
    "发文字号": "document_number",
    "文号": "document_number",
    "发布文号": "document_number",
    "发布单位": "publisher",
    "发布机构": "publisher",
    "发文机关": "issuer",
    "公开方式": "disclosure",
    "生成日期": "generated",
    "公开日期": "published",
    "发布日期": "published",
    "废止日期": "status",
    "成文日期": "issued",
    "发文日期": "issued",
    "内容概述": "summary",
}
DATE_FIELDS = ("generated", "published", "issued")
# `索 引 号:` (a key spaced out character by character), not `…分解表 文号:` (a value before a key)
SPACED_KEY = re.compile(
    r"(?:(?<=^[\u4e00-\u9fff])|(?<=\s[\u4e00-\u9fff]))\s+(?=[\u4e00-\u9fff]\s*[\u4e00-\u9fff]?[:：])"
)
PAIR = re.compile(r"[:：]")
BRACKETED_KEY = re.compile(r"【([\u4e00-\u9fff]{2,6})】")  # a law database's `【发布文号】晋政发[2008]8号`
BOX_KEY_MAX = 8
SITE_LINES = 3  # lines above an information box that may carry the site's name
PRINTED_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
# `2022121日`: where the date under the signature stands, its 年 and 月 lost in copying
DAMAGED_DATE = re.compile(r"^(?:19|20)\d\d[\d年月]{1,5}日$")
ADDRESSEES_WITHIN = 20  # lines after the box: a page's grid of facts may stand between
PAGE_LABEL = re.compile(r"^(?:核心提示|内容提要|内容摘要|摘要|导读|编者按|备注|来源|附件)\s*[:：]$")
# `湖南省人民政府门户网站 www.hunan.gov.cn 发布时间: 2019-02-20 11:02 【字体:`: the site's line, no addressees
PAGE_FURNITURE = re.compile(r"www\.|https?://|发布时间|浏览次数|【\s*字体")
# `…的意见-湖南省人民政府门户网站`: the browser's title line, the site's name after the notice's title
SITE_TITLE = re.compile(r"[-_｜|—–]\s*[\u4e00-\u9fff]{2,24}(?:网站|门户网|政府网|网)$")
ANNEX_TITLE = re.compile(r"^附件\s*\d*[:：]?$")
LISTING = re.compile(r"^(?:附件[:：])?\s*(\d+)?[.、．]?\s*(《.+|.+(?:任务分工|清单|方案))$")
Line = tuple[int, str]


def iso_date(value: str) -> str | None:
    """2019-04-16 as it is; 2019年01月12日, 二〇一九年一月十二日, ２０１９年１月１２日 → 2019-01-12; None for
    anything else."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    match = PRINTED_DATE.match(arabic_date(value))
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


def arabic_date(text: str) -> str:
    """A date line in Arabic digits, whatever digits it was printed in, and without its spaces."""
    from taskmap.tracking.deadlines import fold

    return fold(re.sub(r"\s+", "", text))[0]


def is_date_line(text: str) -> bool:
    """The date under a signature, in any digits, or where it stands when its 年 and 月 were lost."""
    return len(text) <= 20 and bool(PRINTED_DATE.match(arabic_date(text)) or DAMAGED_DATE.match(text))


def box_key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def box_pairs(line: str) -> list[tuple[str, str]]:
    """`索 引 号:0141/2019-00079 发布机构:…` → its (key, value) pairs; `名称: …` the value after a space."""
    tokens = SPACED_KEY.sub("", line).split()
    tokens = [
        f"{token}{tokens[index + 1]}"
        if token.endswith((":", "：")) and index + 1 < len(tokens) and not PAIR.search(tokens[index + 1])
        else token
        for index, token in enumerate(tokens)
        if not (index and tokens[index - 1].endswith((":", "：")) and not PAIR.search(token))
    ]
    pairs = [(parts[0], parts[1]) for token in tokens if len(parts := PAIR.split(token, 1)) == 2]
    return [(key, value) for key, value in pairs if len(key) <= BOX_KEY_MAX]  # not the addressees' line


def table_box(rows: tuple[tuple[str, ...], ...]) -> dict[str, object]:
    """A page's information box printed as a table (索引号 | … | 发文字号 | 兴政办发〔2022〕20号 | …): the
    fields of every cell that names a key, its value the next cell."""
    fields: dict[str, object] = {}
    for row in rows:
        for key, value in pairwise(row):
            if (name := BOX_KEYS.get(box_key(key.rstrip(":：")))) and value.strip():
                fields.setdefault(name, value.strip())
    for name in DATE_FIELDS:
        if isinstance(fields.get(name), str):
            fields[name] = iso_date(str(fields[name]))
    return {name: value for name, value in fields.items() if value is not None}


def fits_box_key(name: str, value: str) -> bool:
    """The line under a key alone (`文 号:`) is its value only when it reads as one: an empty key is
    followed by whatever comes next (the title of a table, `2021 年…台账 |`)."""
    if name == "document_number":
        return DOCUMENT_NUMBER.search(value) is not None
    if name in DATE_FIELDS:
        return iso_date(value) is not None
    return True


def read_box(lines: list[Line]) -> tuple[dict[str, object], int]:
    """Fields of the information box, and the index of the first line after it."""
    fields: dict[str, object] = {}
    index, above = 0, None
    while index < len(lines):
        line = BRACKETED_KEY.sub(r"\1:", lines[index][1])
        key = box_key(line.rstrip(":："))
        if (
            line.endswith(("：", ":"))
            and key in BOX_KEYS
            and index + 1 < len(lines)
            and not box_pairs(lines[index + 1][1])
            and fits_box_key(BOX_KEYS[key], lines[index + 1][1])
        ):
            fields.setdefault(BOX_KEYS[key], lines[index + 1][1])
            index += 2
            continue
        if line.endswith(("：", ":")) and len(key) <= 6:
            index += 2 if key == "主题分类" else 1
            continue
        pairs = box_pairs(line)
        known = [(BOX_KEYS[k], v) for k, v in pairs if k in BOX_KEYS]
        if not known:
            if pairs or line.startswith(("您当前的位置", "首页", "浏览次数")):
                index += 1
                continue
            if not fields and index < SITE_LINES:  # the site's name above the box
                above = index if above is None else above
                index += 1
                continue
            break
        for name, value in known:
            if value:
                fields.setdefault(name, value)
        index += 1
    return fields, (index if fields or above is None else above)


CONTACT = re.compile(r"联系人|联系电话|电话|传真|邮箱")
RED_HEADER = re.compile(r"^[\u4e00-\u9fff（）]{2,30}文件$")  # 版头: `鞍山市立山区人民政府文件` above the 文号
# the year of a 文号 in any bracket a page prints it in: 〔2023〕, [2020], ［2020］, (2020), 【2020】
NUMBER_YEAR = r"\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号"
ISSUER_CODE = r"[\u4e00-\u9fff]{1,12}"  # 鞍立政发, 许政
PRINTED_NUMBER = re.compile(rf"^[（(]?({ISSUER_CODE}{NUMBER_YEAR})[）)]?$")  # also `(晋政发[2008]8号)`
TITLE_END = re.compile(
    r"(通知|通报|意见|方案|办法|规定|决定|要点|任务|分工|分解|清单|分解表|函|批复|细则|规划|计划)$"
)
DOCUMENT_NUMBER = re.compile(rf"{NUMBER_YEAR}$")


def printed_title(lines: list[Line]) -> str | None:
    """The notice's title above its addressees, also when printed over several lines
    (`…关于` / `印发“十三五”社区居家养老` / `服务补短板实施方案的通知`)."""
    pieces: list[str] = []
    for _, text in lines:
        if (RED_HEADER.match(text) or SITE_TITLE.search(text)) and not pieces:
            continue
        if DOCUMENT_NUMBER.search(text):
            if pieces:
                break
            continue
        pieces.append(text)
        if TITLE_END.search(text):
            return "".join(pieces)
    return None


def is_page_label(text: str) -> bool:
    """`核心提示:`, `内容摘要：`: a label of the page above the letter, not its addressees."""
    return PAGE_LABEL.match(text) is not None


def is_signature(text: str) -> bool:
    """The line above the date names the issuer: a name or two, not a sentence of the body nor a line of
    the annex list (`2.市《政府工作报告》涉及嘉鱼的重点事项责任分解`)."""
    return (
        len(text) <= 60
        and not re.search(r"[。；;！？《]", text)
        and numbering_of(text).style == "plain"
        and not text.startswith("附件")
    )


def read_notice_fields(lines: list[Line]) -> tuple[dict[str, object], int]:
    """The notice's fields, and where its body (the text after the addressees) begins."""
    fields, index = read_box(lines)
    addressee_at = next(
        (
            i
            for i in range(index, min(index + ADDRESSEES_WITHIN, len(lines)))
            if lines[i][1].endswith((":", "："))
            and len(lines[i][1]) < 60
            and not is_page_label(lines[i][1])
            and not PAGE_FURNITURE.search(lines[i][1])
            and (i < index + 8 or "各" in lines[i][1])  # further down, only a line naming 各…
        ),
        None,
    )
    body_start = addressee_at + 1 if addressee_at is not None else index
    if addressee_at is not None:
        fields["addressees"] = lines[addressee_at][1][:-1]
        if "title" not in fields and (title := printed_title(lines[index:addressee_at])):
            fields["title"] = title
        printed_number = next(
            (found[1] for _, t in lines[index:addressee_at] if (found := PRINTED_NUMBER.match(t))), None
        )
        if printed_number and "document_number" not in fields:
            fields["document_number"] = printed_number
    date_at = next((i for i in range(body_start, len(lines)) if is_date_line(lines[i][1])), None)
    body: list[str] = []
    listing: list[dict[str, object]] = []
    for i in range(body_start, date_at - 1 if date_at else len(lines)):
        text = lines[i][1]
        if date_at is None and (ANNEX_TITLE.match(text) or numbering_of(text).style != "plain"):
            break  # no date closes the letter: its first item or annex does
        if text.startswith(("附件:", "附件：")) or (listing and LISTING.match(text)):
            match = LISTING.match(text)
            if match:
                listing.append({"number": int(match[1] or len(listing) + 1), "title": match[2]})
            continue
        if not listing:
            body.append(text)
    if date_at is not None:
        if is_signature(lines[date_at - 1][1]):
            fields["issuer"] = lines[date_at - 1][1]
        fields["issued_as_printed"] = lines[date_at][1]
        fields["issued"] = iso_date(lines[date_at][1])
        after = lines[date_at + 1][1] if date_at + 1 < len(lines) else ""
        if re.fullmatch(r"[（(].+[）)]", after) and not CONTACT.search(after):
            fields["release"] = after[
                1:-1
            ]  # （此件公开发布）; a contact line (（联系人：…，电话：…）) is none
    for name in DATE_FIELDS:
        if isinstance(fields.get(name), str):
            fields[name] = iso_date(str(fields[name]))
    fields["body"] = body
    fields["annexes"] = listing
    return {name: value for name, value in fields.items() if value not in (None, "")}, body_start
