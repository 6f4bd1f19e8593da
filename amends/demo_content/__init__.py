"""Content for ``amends demo``: realistic, varied, deterministic customer conversations
for the fictional outdoor retailer Northwind Outfitters. Standard library only.

    w = DemoWriter(random.Random(seed), staff_names=["Maya", "Tom", ...])
    w.customer_profile(index)          -> dict(name, email, phone, company, segment, city)
    w.complaint(issue, channel, severity, sender=)      w.follow_up_complaint(previous)
    w.praise(staff_name, channel)      w.question(channel)      w.neutral_update(channel)
    w.public_post(positive, channel)   w.survey_comment(positive)
    w.staff_reply(to, quality, staff_name)              w.call_note(issue, staff_name)
    w.chat(issue, staff_name, quality) -> [complaint, reply, answer]
    w.lead_enquiry(channel)            w.quiet_exit(previous)   w.system_notice(channel)
    w.any_customer_message()           # a realistic mix, ~1% Spanish/German/French

Layout: ``world`` (names, products, places), ``complaints`` and ``other`` (phrase
pools), ``foreign`` (other languages), ``style`` (typos, lowercase, emoji), ``writer``
(composition).
"""

from amends.demo_content.complaints import ISSUES
from amends.demo_content.world import BUSINESS, CLUB, HANDLE, PRODUCTS
from amends.demo_content.writer import (
    CHANNELS,
    SEVERITIES,
    SIGNALS,
    DemoWriter,
    Message,
)

__all__ = ["BUSINESS", "CHANNELS", "CLUB", "HANDLE", "ISSUES", "PRODUCTS", "SEVERITIES",
           "SIGNALS", "DemoWriter", "Message"]
