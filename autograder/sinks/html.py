"""Shared page shell for the feedback pages and the report."""

from __future__ import annotations

import re
from html import escape

# Readable from a 390 px phone to a desktop: long identifiers and messages wrap inside their
# cells (no sideways scrolling), tables keep every column, pictures shrink to the width.
STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;
overflow-wrap:break-word}
code,.message,td{overflow-wrap:anywhere} td.passed,td.failed,td.error,td.timeout,td.num{white-space:nowrap}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0} td,th{padding:.3rem .5rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top} th{background:#f6f6f6}
code{font-size:.9em;background:#f3f3f3;padding:0 .2em;border-radius:3px}
.passed{color:#1a7f37;font-weight:600} .failed,.error{color:#cf222e;font-weight:600} .timeout{color:#9a6700;font-weight:600}
.message{white-space:pre-wrap;background:#f6f8fa;padding:.5rem;border-radius:4px;margin:.2rem 0;font-size:.9rem}
.score{font-size:1.3rem} .note{color:#555;font-size:.9rem}
.track{display:inline-block;width:6rem;max-width:40%;background:#eee;height:.8rem;vertical-align:middle}
.bar{background:#4477aa;height:.8rem;display:block}
.callout{border-left:4px solid #cf222e;background:#fff5f5;padding:.5rem .8rem;margin:.5rem 0}
img{max-width:100%;height:auto}
@media (max-width:40rem){body{margin:1rem auto;padding:0 .6rem} h1{font-size:1.25rem} td,th{padding:.25rem .3rem}
table{font-size:.9rem}}
"""
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def message_html(text: str) -> str:
    """A feedback message as HTML: escaped, with its `code spans` shown as code."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", escape(text))


def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")


def humanise(check_name: str) -> str:
    name = check_name.split("[")[0]
    return name.removeprefix("test_").replace("_", " ")
