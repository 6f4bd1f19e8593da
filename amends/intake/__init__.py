"""Client intake: capture new enquiries, understand them, answer at once, chase until reached.

- `capture`: payload shapes and parsers for the API, the web form, forwarded email
  (webhook and IMAP) and phone events (missed call, voicemail).
- `spam`: checks for the public form that need no third-party service.
- `classify`: urgency and topic against a business-editable practice-areas file.
- `policy`: the SLA clock, the follow-up cadence and the settings they read.
- `messages`: the words of acknowledgements, follow-ups and alerts.
- `jobs`: worker entry points (SLA checks, cadence steps, the sweep).

State changes live in `amends.decide.intake`; reports in `amends.report.intake`.
"""
