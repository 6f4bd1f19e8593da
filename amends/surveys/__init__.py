"""One-click surveys: the pure parts (no database, no web).

- `options`: the answer options of each survey kind, their scores and which are negative.
- `tokens`: signed, compact, URL-safe link tokens (HMAC-SHA256, purpose-specific keys).
- `scanner`: telling a mail security scanner's click from the person's.
- `render`: the invitation email (HTML + text) and the public pages' template environment.
- `timing`: quiet hours and the contact-frequency settings.
- `snippet`: the HTML staff paste into a help desk reply template or signature.

How a click is counted (the scanner problem). Mail security scanners open every link of
a message, often within seconds of delivery. A click therefore never becomes the answer
on the spot: it is stored as ``pending`` and the thank-you page is shown at once. It is
counted when either

1. the person submits the thank-you page (comment or "confirm" button): a POST from the
   page is something link scanners do not do, so it counts immediately, even when it
   falls inside a scanner's burst; or
2. the settling window (``survey_burst_seconds``, 10 s by default) has passed and no click
   on a *different* option of the same invitation happened within that window either
   side of it. A worker job (and any later request about the invitation) settles it.

Clicks from known scanner user agents, and non-browser agents within two minutes of
delivery, are ``scanner`` at once; clicks inside a multi-option burst are ``burst``.
Neither ever counts. When a scanner pre-clicked the very option the person later clicks,
the person's click is minutes away from the burst, so it settles and counts.
"""
