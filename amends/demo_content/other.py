"""Phrase pools for everything that is not a complaint: praise, questions, small talk,
public posts, survey comments and staff replies."""

from __future__ import annotations

# Every praise core names {who}, so praise for a given staff member always names them.
PRAISE_CORES = (
    "I just wanted to say how helpful {who} was at the {town} store {when}.",
    "{who} spent almost an hour helping me find boots that actually fit my wide feet.",
    "Huge thanks to {who} on your chat team, who sorted out my order in five minutes.",
    "{who} in the repair workshop got my {product} fixed in time for {trip}.",
    "{who} called me back exactly when they said they would, and had already fixed it.",
    "I came in knowing nothing about kayaks and {who} explained everything without making "
    "me feel silly.",
    "{who} went out of their way to find the last {cat} in my size at another store.",
    "When my parcel went missing, {who} had a replacement out the same day.",
    "{who} ran the {club} map and compass evening and it was brilliant.",
    "{who} fitted my daughter's first backpack and she hasn't stopped talking about it.",
    "{who} talked me out of the expensive {cat}, which I really appreciated. Honest advice "
    "is rare.",
    "Our group order was a mess on our side, and {who} untangled it with incredible "
    "patience.",
    "{who} noticed I'd been overcharged before I did and refunded the difference.",
    "The bike fit with {who} made a huge difference. No more knee pain!",
    "{who} stayed past closing to help me get the {cat} into my car.",
    "{who} remembered me from last year and asked how the trip went. Little things like "
    "that matter.",
    "I was ready to give up on my old {cat}, but {who} patched it up for next to nothing.",
    "{who} handled my return so smoothly I barely noticed it happened.",
)
PRAISE_WHO_GENERIC = (
    "the young woman at the till", "the guy in the bike workshop", "your chat agent",
    "the person who answered the phone", "your team in {town}", "the staff at {town}",
    "the man at the repair desk",
)
PRAISE_DETAILS = (
    "Everything arrived well packed and on time.",
    "I've taken the {product} on three trips now, zero issues.",
    "This is why I keep coming back.",
    "I've been a {club} member for {years} years and this is exactly why.",
    "We had the best weekend thanks to the right gear.",
    "",
    "It's rare to get service like that anywhere these days.",
    "My whole family shops with you now.",
)
PRAISE_CLOSES = (
    "Please pass on my thanks.", "Please make sure their manager hears about this.",
    "Give them a raise!", "Thank you!", "Five stars.", "Thanks again, really.",
    "You've got a customer for life.", "Just wanted you to know.",
)

# (topic, question, answer): staff replies answer the question that was asked.
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("address", "How do I change the delivery address on order {order}?",
     "I've changed the delivery address on {order} for you."),
    ("address", "Can I change my delivery address for future orders?",
     "Yes: under My Account > Addresses, set the new one as default."),
    ("hours", "What are the opening hours of the {town} store on Sunday?",
     "The {town} store is open 10am to 5pm on Sundays."),
    ("product", "Does the {product} come with a carry bag?",
     "It does, and the bag has compression straps too."),
    ("product", "What's the difference between the Ridgeback 2 and the Fernhollow tents?",
     "The Fernhollow is about 600 g lighter; the Ridgeback has more headroom and a bigger "
     "porch."),
    ("club", "Do {club} members get a discount on repairs?",
     "{club} members get 15% off all repairs."),
    ("repair", "How long does a boot resole usually take?",
     "A resole takes about three weeks at the moment."),
    ("repair", "Can I book a bike service online, or do I need to come in?",
     "You can book online under Services; pick the store and a time that suits you."),
    ("stock", "Do you have the {product} in a larger size?",
     "We have the next size up at the {town} store; I've put one aside for you."),
    ("shipping", "Do you ship to Canada?",
     "We do, with delivery in 5-8 working days."),
    ("returns", "Can I return an online order to the {town} store?",
     "Yes, just bring the order email and the item to any of our stores."),
    ("club", "How do I add my partner to my {club} membership?",
     "I've sent you a link to add a second member to your {club} account."),
    ("payment", "Can I pay for part of an order with a gift card and the rest by card?",
     "Yes, enter the gift card first at checkout and pay the rest by card."),
    ("advice", "Could you recommend a sleeping bag for late-autumn camping in the Cascades?",
     "For late autumn I'd go for the Snowmelt -7°C; it packs small and stays warm when damp."),
    ("rental", "Do you rent kayaks, and do I need to reserve ahead?",
     "We do, and booking a few days ahead is best in summer."),
    ("pickup", "Can I pick up order {order} at the {town} store instead of having it "
     "delivered?", "Done: {order} will be ready for pick-up at {town} from tomorrow."),
    ("product", "Will the Emberline stove work at high altitude?",
     "It works well up to about 4,000 m with a winter gas blend."),
    ("sizing", "What size should I get in the {product} if I'm usually a medium?",
     "It runs true to size, so a medium should be right."),
    ("business", "Do you provide invoices with a tax ID for business purchases?",
     "Yes, add your tax ID in your account and it will show on every invoice."),
    ("business", "Can our school set up an account for group orders?",
     "Absolutely, I've sent you the business account form."),
    ("club", "How do I update the card on my {club} membership?",
     "Under My Account > Membership you can replace the card."),
    ("product", "When does the winter collection come out?",
     "The winter collection lands in stores on the 1st of next month."),
    ("gift", "Do you do gift wrapping?", "We do, free of charge; just tick the box at checkout."),
    ("advice", "Would the {product} suit a beginner?",
     "Yes, it's one of the easiest to get on with."),
    ("store", "Are dogs allowed in the {town} store?", "Dogs are very welcome in all our stores."),
    ("receipt", "Could you send me a copy of the receipt for order {order}?",
     "I've emailed you the receipt for {order}."),
    ("club", "How do I use my {club} points at checkout?",
     "Your points show at the payment step; tick 'use points' to apply them."),
    ("events", "Do you run any beginner navigation classes?",
     "Yes, the next beginner navigation evening is on the first Thursday of the month."),
    ("warranty", "What's the warranty period on the {product}?",
     "It has a two-year warranty, and repairs after that are at cost."),
    ("recycling", "Do you take old gear for recycling?",
     "We do: drop it at any store and we'll repair, resell or recycle it."),
    ("store", "Is there parking near the {town} store?",
     "There's a public car park right behind the {town} store."),
    ("reserve", "Can I reserve the {product} and pick it up at the weekend?",
     "I've reserved one for you at the {town} store until Sunday."),
    ("shipping", "Could you tell me roughly when order {order} will ship?",
     "{order} ships tomorrow; you'll get the tracking link by email."),
    ("stock", "Do you have the {product} in green?",
     "Green is due back in stock in about two weeks; I can let you know."),
    ("care", "Can the {cat} go in the washing machine?",
     "Yes, on a cool gentle cycle with a tech wash; no fabric softener."),
    ("discount", "Do you offer student discounts?",
     "Students get 10% off with a valid student email."),
)
ANSWER_OPENERS = ("Happy to help!", "Thanks for getting in touch.", "Good question!",
                  "Thanks for your message.", "Sure thing.", "")
ANSWER_CLOSES = ("Anything else, just reply here.", "Have a great trip!", "", "",
                 "Hope that helps.", "Enjoy the outdoors!")
QUESTION_OPENERS = (
    "Quick question.", "I'm planning {trip}.", "I'm a {club} member.",
    "I'm new to camping.", "Hope you're well.", "", "", "I'm thinking about buying the "
    "{product}.", "Sorry if this is covered somewhere on the site.",
)
QUESTION_CLOSES = ("Thanks!", "Thanks in advance.", "Appreciate it.", "", "Cheers.",
                   "Thank you.")

# Neutral updates are composed: an acknowledgement, an action, and an optional tail.
NEUTRAL_ACKS = (
    "Got it, thanks.", "Thanks, received.", "Perfect.", "Ok.", "Great, thanks.",
    "Noted.", "Cheers.", "Sounds good.", "Thank you {staff}.", "Thanks so much.",
    "Brilliant.", "Ok, thanks for letting me know.", "Thanks for the confirmation.",
    "Yep.", "Will do.", "", "",
)
NEUTRAL_ACTIONS = (
    "I'll pick it up {day}.", "I'll bring the receipt.",
    "See you {day} at the {town} workshop.", "I've updated my address on the account.",
    "Here's the photo you asked for.", "The parcel arrived {today}, all good.",
    "I've sent the return with {carrier}.", "I've booked the {slot} slot.",
    "Yes, that's the right address.", "My order number is {order}.",
    "I'll be in {time}.", "The card ending {last4} is fine.",
    "Picked up the {cat} from {town} {today}.", "Just confirming I placed order {order}.",
    "Order {order} is for my brother, so the name on the box will be different.",
    "We're heading out for {trip} {day}, fingers crossed for the weather!",
    "I've signed the form and sent it back.", "The {cat} fits, so I'll keep it.",
    "My partner will collect it {day}.", "I'll call in {day} to pay the balance.",
    "", "",
)
NEUTRAL_TAILS = (
    "No rush.", "Have a good weekend!", "Talk soon.", "Thanks again.", "", "", "", "",
    "See you then.", "Appreciate it.",
)
NEUTRAL_DAYS = ("on Monday", "on Tuesday", "on Thursday", "on Friday", "on Saturday",
                "tomorrow", "this afternoon", "next week")
NEUTRAL_SLOTS = ("Tuesday", "10am", "Saturday morning", "4:30", "Thursday evening")
NEUTRAL_TODAY = ("today", "this morning", "yesterday", "just now")
NEUTRAL_TIMES = ("around 4pm", "after work", "around lunchtime", "at 10:30",
                 "first thing", "before 6")

REVIEW_TITLES_POS = (
    "Great gear, great people", "Exactly as described", "Will buy again",
    "Does the job", "Best outdoor shop around", "Solid {cat}", "Fast and easy",
    "Love my new {cat}",
)
REVIEW_TITLES_NEG = (
    "Avoid", "Not impressed", "Disappointing", "Terrible service", "Save your money",
    "Never again", "Expected better", "Not what it used to be", "Meh",
)
REVIEW_TITLES_ISSUE = {
    "quality": ("Broke after one trip", "Fell apart"), "delay": ("Still waiting",),
    "no_response": ("Nobody answers", "Good luck reaching anyone"),
    "staff_attitude": ("Rude staff",), "refund": ("Where is my refund?",),
    "delivery": ("Wrong item, no help",), "price": ("Overpriced",),
    "policy": ("Ridiculous return policy",),
}
POS_REVIEW_LINES = (
    "Took the {product} out in two days of solid rain, no problems.",
    "Great fit, no break-in needed.", "Fast delivery and really well packed.",
    "Staff at {town} really know their stuff.", "Light, packs small, sets up in minutes.",
    "Used the {cat} all summer, still looks new.",
    "The repair service is worth the membership on its own.",
    "Returned a jacket that didn't fit, no questions asked.",
    "Prices are fair and the advice is honest.",
    "Ordered Sunday night, arrived Tuesday.",
)
POS_REVIEW_CLOSES = ("Highly recommend.", "Five stars.", "Will be back.",
                     "Would recommend to anyone.", "", "Thanks Northwind!")
NEG_REVIEW_CLOSES = ("Would not recommend.", "Shop elsewhere.", "Buyer beware.", "",
                     "Very disappointed.", "Zero stars if I could.")  # keep last: 1-star only

SOCIAL_POS = (
    "Shoutout to {handle} for the {product}, absolute game changer on {trip}",
    "{handle} you legends, {cat} arrived the day after I ordered",
    "First night in the new {cat} from {handle} and we stayed completely dry",
    "The crew at the {handle} {town} store are the best, thank you!",
    "Got my old {cat} repaired by {handle} instead of buying new. love that",
    "{handle} {club} members get the good stuff. loving the new route guides",
)
SOCIAL_NEG = (
    "Hey {handle}, {short}. Anyone else having this?",
    "{handle} {short}. this is getting old",
    "Thinking twice before ordering from {handle} again. {short}",
    "{short}. thanks for nothing {handle}",
    "Dear {handle}: {short}. Care to explain?",
    "{handle} {short} and nobody answers my emails",
)
HASHTAGS_POS = ("#hiking", "#camping", "#getoutside", "#pnw", "#trailclub", "#kayaking",
                "#bikepacking", "#gearreview", "#weekendvibes")
HASHTAGS_NEG = ("#customerservice", "#fail", "#disappointed", "#stillwaiting",
                "#neveragain", "#badservice")
EMOJI_POS = ("🙌", "🏕️", "⛺", "🚴", "😍", "👏", "🥾", "❤️", ":)", "🌲")
EMOJI_NEG = ("😡", "🙄", "😤", "👎", "😞", ":(", "🤦")

# (subject, kind): composed with a predicate that fits the kind, so survey answers
# rarely repeat exactly.
SURVEY_SUBJECTS = (
    ("Delivery", "thing"), ("The staff in {town}", "people"), ("Checkout", "thing"),
    ("The return", "thing"), ("The repair service", "thing"), ("{staff}", "person"),
    ("Chat support", "thing"), ("The {product}", "thing"), ("The {club} evening", "thing"),
    ("Advice in store", "thing"), ("The bike service", "thing"), ("Everything", "thing"),
    ("Your team", "people"), ("The guy who helped me", "person"),
    ("{staff} at the {town} store", "person"),
)
SURVEY_PRAISE = {
    "thing": ("was quick", "was really easy", "was excellent", "couldn't have been easier",
              "exceeded my expectations", "was great as always", "was spot on",
              "was painless"),
    "person": ("was really helpful", "knew their stuff", "went above and beyond",
               "was lovely", "was patient and friendly", "sorted everything out"),
    "people": ("were really helpful", "knew their stuff", "went above and beyond",
               "were lovely", "were friendly and knew the products"),
}
SURVEY_POS_TAILS = ("", "", "Thanks!", "Keep it up.", "10/10.", "Will recommend.",
                    "Love the {club}.", "Honest advice, no upselling.")
SURVEY_NEG = (
    ("Took forever to get a reply.", "no_response"),
    ("Delivery was late.", "delay"), ("Item broke quickly.", "quality"),
    ("Charged twice and it took weeks to fix.", "billing"),
    ("Refund took too long.", "refund"), ("Staff were dismissive.", "staff_attitude"),
    ("Wrong size sent.", "delivery"), ("Website kept crashing at checkout.", "technical"),
    ("Too expensive for what it is.", "price"), ("Return policy is too strict.", "policy"),
    ("Repair booking was a mess.", "booking"),
    ("Got told different things by different people.", "misinformation"),
    ("Couldn't cancel my membership online.", "cancellation"),
)
SURVEY_NEG_EXTRA = ("", "", "Not great.", "Expected better.", "Please fix this.",
                    "Won't be ordering again.", "Otherwise ok.")

# Staff replies. Good replies own the problem and state a concrete next step.
GOOD_OPENERS = (
    "I'm really sorry about this.", "Thank you for telling us, and I'm sorry.",
    "You're right, and I apologise.", "I'm so sorry for the trouble with {order}.",
    "That's not the experience we want anyone to have, and I'm sorry.",
    "Thanks for your patience, and I'm sorry it came to this.",
)
GOOD_OWNERSHIP = (
    "This one is on us.", "I've looked into it myself.",
    "I'm taking this over personally so you don't have to explain it again.",
    "I can see exactly what went wrong on our side.",
)
# Concrete fixes per issue, so a reply fits what went wrong.
GOOD_FIX: dict[str, tuple[str, ...]] = {
    "default": ("I've sorted it and the confirmation is on its way.",
                "I've added a {amount2} credit to your account for the hassle."),
    "delay": ("I've chased {carrier} and your parcel will be with you tomorrow.",
              "I've refunded the shipping and sent a replacement by overnight delivery.",
              "A replacement is going out today by express at our cost."),
    "no_response": ("You should have had an answer days ago. Here it is, and I've closed the "
                    "duplicate tickets so you only deal with me.",
                    "I've answered your original question below and added a {amount2} credit "
                    "for the wait."),
    "staff_attitude": ("I've shared your message with the store manager, who will call you "
                       "today to apologise in person.",
                       "I've passed this to the team lead and we're going over it with "
                       "everyone involved."),
    "billing": ("I've reversed the duplicate charge of {amount}.",
                "I've corrected the invoice and refunded the difference."),
    "refund": ("I've pushed the refund through manually; it left us today.",
               "The full {amount} is on its way back to your original card."),
    "quality": ("A new {product} is on its way, no need to send the old one back.",
                "I've approved the warranty claim and a replacement ships today."),
    "delivery": ("The correct item is on its way by express, and {carrier} will collect the "
                 "other one.", "A replacement is going out today by express at our cost."),
    "cancellation": ("Your membership is cancelled and the last payment refunded.",
                     "The order is cancelled and the full {amount} refunded."),
    "technical": ("I've reset your login and restored your points manually.",
                  "Your order did go through, and I've emailed you the confirmation."),
    "booking": ("I've booked you in first thing Monday and waived the service fee.",
                "We'll honour the original quote and refund the difference."),
    "misinformation": ("We'll honour what you were told, and I've asked the web team to fix "
                       "the product page.", "I've refunded the {amount2} return label."),
    "price": ("I've refunded the price difference.", "I've removed the fee and refunded it."),
    "policy": ("I've made an exception and approved the return.",
               "I've overruled the decision; the claim is approved."),
}
GOOD_FOLLOW = (
    "I'll check in with you on Friday to make sure it's all sorted.",
    "My direct line is on this email if anything else comes up.",
    "I'll keep an eye on it until it's with you.", "",
    "Please reply to me directly, not the general inbox.",
)
CURT = (
    "Your request has been logged. Please allow 5-7 business days.",
    "Please see our returns policy.", "Ticket {ticket} has been updated.",
    "We are looking into it.", "Noted.", "Please send your order number.",
    "This has been passed to the relevant team.",
    "Refunds take up to 14 days to process.", "Tracking is available on the order page.",
    "Please contact {carrier} directly.",
)
RUDE = (
    "As stated in our policy, which you agreed to, we can't help with this.",
    "We have already answered this. Please stop sending the same email.",
    "If you're not happy you're welcome to shop elsewhere.",
    "Our staff member followed procedure. We won't be taking this further.",
    "We don't respond to threats.",
    "That's not how our system works, so you must have done something wrong.",
)
# Blame that only makes sense for some issues.
RUDE_ISSUE: dict[str, tuple[str, ...]] = {
    "quality": ("The product was clearly misused. This is not covered.",
                "Maybe try reading the care instructions next time."),
    "delay": ("There's nothing we can do. The delay is {carrier}'s fault, not ours.",),
    "delivery": ("It was delivered according to our records, so it's not our problem.",
                 "You should have read the size guide before ordering."),
    "refund": ("Refunds take as long as they take.",),
    "staff_attitude": ("Our staff are trained professionals. I'm sure you misunderstood.",),
    "technical": ("The website works fine for everyone else.",),
    "policy": ("Rules are rules.",),
}

# Prospective clients (first contact): mostly group and business enquiries.
ENQUIRIES = (
    "We're a {org} and we're looking to outfit {n_items} people for {trip}. Could you quote "
    "for {cats}?",
    "I run a {org}. Do you offer group discounts or a business account?",
    "Could someone call me about renting {n_items} kayaks for a weekend in June?",
    "We'd like to book a private navigation evening for our {org}. Is that something you do?",
    "Do you sell corporate gift cards? We'd need about {n_items}.",
    "I'm moving to {town} and looking for a bike shop that does servicing. Do you take new "
    "customers for the workshop?",
    "Can you quote for repairing {n_items} tents after our summer season?",
)
ENQUIRY_ORGS = ("small outdoor school", "scout group", "hiking club", "youth charity",
                "guiding company", "team of twelve at work", "university club")
VOICEMAIL_LEADS = (
    "Voicemail (after hours): Hi, this is {first}. ", "Missed call, voicemail left: ",
    "Voicemail: Hello, my name is {full}. ",
)

# Customers fading away: short, resigned last messages, often with no complaint words.
# (text, says they went elsewhere, sentiment): many read as neutral, which is the point.
QUIET_EXITS = (
    ("Never mind, I sorted it myself.", False, "neutral"), ("Ok.", False, "neutral"),
    ("Fine.", False, "neutral"),
    ("Forget it, I bought one somewhere else.", True, "negative"),
    ("Don't worry about it, I've found another shop.", True, "neutral"),
    ("No need to reply anymore.", False, "neutral"),
    ("Please just close the ticket.", False, "neutral"),
    ("Cancel my membership, I won't be using it.", True, "negative"),
    ("I've given up on this, to be honest.", False, "negative"),
    ("Got it elsewhere in the end.", True, "neutral"),
)
# Automated messages from the shop's systems.
SYSTEM_NOTICES = (
    "Your order {order} has shipped with {carrier}. Track it from your account page.",
    "We've received your return for order {order}. Refunds take 5-10 business days.",
    "Your {club} membership renews on the 1st. No action needed.",
    "Your repair ticket {ticket} is ready for pick-up at the {town} store.",
    "Thanks for your order {order}! We'll email you when it ships.",
    "Reminder: your bike service at the {town} workshop is tomorrow.",
    "How did we do? Rate your recent visit to our {town} store.",
)
