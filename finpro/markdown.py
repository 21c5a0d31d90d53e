"""Markdown written by support staff (FAQ answers, announcements) turned into safe HTML.

Markdown renders first, then nh3 keeps only the tags and attributes a help text needs: no
script, no inline event handlers, no style, and links get rel="noopener noreferrer".
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "code", "pre", "blockquote", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,  # noqa: S308 - cleaned by nh3
                               url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer"))
