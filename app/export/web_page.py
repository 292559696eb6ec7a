"""The document model → one self-contained HTML page (CSS inside, tables with rowspan/colspan), ready for a CMS."""

from __future__ import annotations

from functools import cache

from app.export.document import Document

_TEMPLATE = """{%- macro para(p) -%}
{%- if p.kind == "subheading" %}<h3>{{ p.text }}</h3>
{%- elif p.missing %}<p><span class="missing">{{ p.text }}</span></p>
{%- else %}<p>{{ p.text }}</p>{% endif -%}
{%- endmacro -%}
{%- macro grid(g) -%}
<table class="table-{{ g.table_id }}" border="1" cellspacing="0" cellpadding="3">
<colgroup>{% for w in g.widths %}<col style="width:{{ '%.1f' % (100 * w / total(g.widths)) }}%">{% endfor %}</colgroup>
{% for row in g.rows() %}{% if loop.index0 == 0 and g.header_rows %}<thead>
{% elif loop.index0 == g.header_rows %}<tbody>
{% endif %}<tr>{% for c in row %}{{ cell(c) }}{% endfor %}</tr>
{% if g.header_rows and loop.index0 == g.header_rows - 1 %}</thead>
{% endif %}{% endfor %}</tbody>
</table>
{%- endmacro -%}
{%- macro cell(c) -%}
{%- set tag = "th" if c.role in ("header", "note", "caption") else "td" -%}
<{{ tag }}{% if c.rows > 1 %} rowspan="{{ c.rows }}"{% endif %}{% if c.cols > 1 %} colspan="{{ c.cols }}"{% endif %}
{%- if c.role == "label" %} class="label"{% elif c.role == "value" and not c.text %} class="blank"{% endif %}>
{{- c.text }}</{{ tag }}>
{%- endmacro -%}
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ doc.title }}</title>
<style>
.nianbao-report { max-width: 794px; margin: 0 auto; padding: 24px 16px; color: #000; background: #fff;
  font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.8; }
.nianbao-report h1 { margin: 0 0 1.2em; text-align: center; font-size: 22pt; line-height: 1.5; font-weight: normal;
  font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", STZhongsong, "Noto Serif CJK SC", serif; }
.nianbao-report h2 { margin: 0; text-indent: 2em; font-size: 16pt; font-weight: normal;
  font-family: "黑体", SimHei, "Heiti SC", "Noto Sans CJK SC", sans-serif; }
.nianbao-report h3 { margin: 0; text-indent: 2em; font-size: 16pt; font-weight: normal;
  font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, "Noto Serif CJK SC", serif; }
.nianbao-report p { margin: 0; text-indent: 2em; text-align: justify; }
.nianbao-report p.closing { text-indent: 0; text-align: right; padding-right: 2em; }
.nianbao-report p.closing + p.closing { padding-right: 3em; }
.nianbao-report p.closing.first { margin-top: 1.8em; }
.nianbao-report .missing { background: #ffeb3b; }
.nianbao-report table { width: 100%; margin: 0.4em 0 0.8em; border-collapse: collapse; table-layout: fixed;
  font-size: 10.5pt; line-height: 1.4; text-indent: 0; }
.nianbao-report th, .nianbao-report td { border: 1px solid #000; padding: 3px 2px; text-align: center;
  vertical-align: middle; font-weight: normal; word-break: break-all; }
.nianbao-report td.label { text-align: left; }
.nianbao-report td.blank { background: #fff; }
</style>
</head>
<body>
<div class="nianbao-report">
<h1>{% for line in doc.title_lines %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor %}</h1>
{% for p in doc.preface %}{{ para(p) }}
{% endfor -%}
{% for s in doc.sections %}
<h2>{{ s.heading }}</h2>
{% if s.table %}{{ grid(s.table) }}{% else %}{% for p in s.paragraphs %}{{ para(p) }}
{% endfor %}{% endif -%}
{% endfor %}
<p class="closing first">{{ doc.agency }}</p>
<p class="closing">{{ doc.date }}</p>
</div>
</body>
</html>
"""


@cache
def _template():
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    env.globals["total"] = sum
    return env.from_string(_TEMPLATE)


def to_html(document: Document) -> bytes:
    """The UTF-8 bytes of one HTML page of ``document``; every text escaped."""
    from app.export.characters import xml_safe_all  # no control character or lone surrogate: neither can be shown

    return _template().render(doc=xml_safe_all(document)).encode("utf-8")
