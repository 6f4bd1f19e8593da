"""The HTML snippet staff paste into a help desk reply template or an email signature.

The staff member is named by a signed token; the customer and the ticket come from the
help desk's merge fields, which anyone could edit, so answers through a snippet are stored
with ``identity_verified = False``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from jinja2 import Environment

from amends.surveys.options import label_for, options_for
from amends.surveys.render import brand, strings_for

# Merge fields per help desk: (customer email, customer external id, ticket id).
MERGE_FIELDS: dict[str, tuple[str, str, str]] = {
    "zendesk": ("{{ticket.requester.email}}", "{{ticket.requester.external_id}}",
                "{{ticket.id}}"),
    "freshdesk": ("{{ticket.requester.email}}", "", "{{ticket.id}}"),
    "helpscout": ("{%customer.email%}", "", "{%conversation.number%}"),
    "intercom": ("{{email}}", "{{user_id}}", "{{conversation_id}}"),
    "generic": ("{customer_email}", "{customer_id}", "{ticket_id}"),
}

_SNIPPET = """\
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:12px 0;">
<tr><td colspan="{{ options|length }}" style="padding:0 0 6px 0;font-family:Arial,Helvetica,\
sans-serif;font-size:14px;color:#222222;">{{ question }}</td></tr>
<tr>{% for o in options %}<td style="padding:0 4px 0 0;"><a href="{{ o.url }}" \
style="display:inline-block;padding:8px 10px;background:{{ brand.colour }};\
color:{{ brand.on_colour }};font-family:Arial,Helvetica,sans-serif;font-size:14px;\
text-decoration:none;border-radius:4px;">{{ o.label }}</a></td>{% endfor %}</tr>
</table>"""


def snippet_html(survey: Any, base_url: str, token: str, helpdesk: str = "generic") -> str:
    """The pasteable HTML. Merge fields go into the query string unescaped, because the
    help desk substitutes them before the message is sent."""
    email, external, ticket = MERGE_FIELDS[helpdesk]
    query = f"email={email}&ticket={ticket}" + (f"&customer={external}" if external else "")
    strings = strings_for(survey)
    options = [{"label": label_for(survey.kind, o.code, strings),
                "url": f"{base_url.rstrip('/')}/s/x/{quote(token)}/{o.code}?{query}"}
               for o in options_for(survey.kind)]
    env = Environment(autoescape=True)
    # Jinja escapes & in URLs as &amp;, which is exactly right inside an HTML attribute.
    return env.from_string(_SNIPPET).render(options=options, question=survey.question,
                                            brand=brand(survey))
