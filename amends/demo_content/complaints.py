"""Phrase pools for complaints, one block per issue, plus the shared pieces.

Each complaint is composed from independent parts (what happened, what the customer
already tried, what they want, how they feel, escalation), each with its own pool and
slots such as ``{order}`` or ``{product}``, so a few dozen lines per issue multiply into
thousands of distinct messages. Many core lines are deliberately factual with no
obviously negative word: real complaints often read that way and the analyser must
still catch them.
"""

from __future__ import annotations

ISSUES: tuple[str, ...] = (
    "delay", "no_response", "staff_attitude", "billing", "refund", "quality", "delivery",
    "cancellation", "technical", "booking", "misinformation", "price", "policy",
)


# Lines that only make sense for some product categories are (text, categories) pairs.
LEAK = ("tent", "kayak", "rain jacket", "bottle", "sleeping pad", "dry bags", "jacket",
        "boots")
WET = ("tent", "jacket", "rain jacket", "sleeping bag", "boots", "backpack", "daypack",
       "trail shoes")
TEXTILE = ("tent", "jacket", "rain jacket", "sleeping bag", "backpack", "daypack",
           "base layer", "dry bags", "camp chair")
WASH = ("jacket", "rain jacket", "base layer", "sleeping bag")
SLEEP = ("tent", "sleeping bag", "sleeping pad")
SNAP = ("tent", "camp chair", "trekking poles", "paddle")
WATERPROOF = ("tent", "jacket", "rain jacket", "boots", "trail shoes", "dry bags")
SHOES = ("boots", "trail shoes")
BIKE = ("bike",)
STOVE = ("stove",)
TENT = ("tent",)
FREIGHT = ("bike", "kayak")
Line = str | tuple[str, tuple[str, ...] | None]


class IssuePool:
    """Phrases for one issue. ``short`` serves chat, sms and social; ``note`` serves
    third-person call notes written by staff."""

    __slots__ = ("subject", "what", "did", "want", "short", "note")

    def __init__(self, subject: tuple[str, ...], what: tuple[Line, ...], did: tuple[str, ...],
                 want: tuple[str, ...], short: tuple[Line, ...], note: tuple[str, ...]) -> None:
        self.subject, self.what, self.did = subject, what, did
        self.want, self.short, self.note = want, short, note


POOLS: dict[str, IssuePool] = {
    "delay": IssuePool(
        subject=("Order {order} not arrived", "Where is my order?", "{order} - still waiting",
                 "Delivery date passed", "Late order {order}"),
        what=(
            "My order still hasn't arrived. It was supposed to be here {when}.",
            "The {product} I ordered {when} was meant to arrive within five working days. "
            "It's now been {days} days.",
            "Tracking has said 'label created' for {days} days and nothing has moved since.",
            "Your site promised delivery by Friday. It is now the following Wednesday and "
            "there is no sign of the {cat}.",
            "I paid {amount2} extra for express shipping on the {product} and it's been over "
            "a week.",
            "The order confirmation said 2-3 days. We are on day {days}.",
            "Half of my order turned up {when} but the {product} is nowhere to be seen.",
            "The estimated delivery date keeps moving. First it was Tuesday, then Friday, now "
            "it just says 'delayed'.",
            "I ordered the {product} specifically for {trip} and I leave in {nw} days. It has "
            "not shipped yet.",
            "Order {order} shows 'processing' since {since}. Nothing has shipped.",
            "The website said the {cat} {was} in stock when I ordered. Now I'm told it's on "
            "backorder until next month.",
            "Tracking says out for delivery for the third day in a row.",
        ),
        did=("I've checked the tracking every day.",
             "I checked with my neighbours in case it was left with them.",
             "I called {carrier} and they say they never received the parcel from you.",
             "I looked in the order page and there's no update at all."),
        want=("Can someone tell me where it actually is?",
              "I need a real delivery date, not an estimate.",
              "If it can't get here by Friday please cancel and refund me.",
              "Could you ship a replacement by express at your cost?",
              "Please refund the express shipping at least."),
        short=("where is my order {order}??", "still no sign of my {cat}",
               "ordered {when} and still waiting", "tracking hasn't moved in {days} days",
               "any update on {order}? it was due {when}",
               "my {cat} {was} supposed to be here days ago",
               "paid for express, {days} days later nothing",
               "order says processing for over a week"),
        note=("order {order} overdue by {days} days, tracking not updating",
              "{product} not received, ordered {when}",
              "wants to know where order {order} is, needs it for {trip}",
              "paid express shipping, parcel still not delivered"),
    ),
    "no_response": IssuePool(
        subject=("No reply to my emails", "Third email about {order}", "Is anyone there?",
                 "Following up AGAIN", "Still waiting for an answer (ticket {ticket})"),
        what=(
            "This is the third time I'm writing about order {order}.",
            "I emailed {when} and again two days later. No answer to either.",
            "I was on hold for {hours} yesterday before the line cut off.",
            "Your auto-reply said someone would get back to me within 24 hours. That was "
            "{days} days ago.",
            "I left a voicemail at the {town} store and nobody called back.",
            "The chat says 'an agent will be with you shortly' and then closes after twenty "
            "minutes.",
            "I opened ticket {ticket} {when} and the status still says 'new'.",
            "I've sent the photos you asked for twice now and heard nothing since.",
            "{staff} said they would call me back the same day. That was {when}.",
            "I filled in the contact form {nw} times. Not one reply.",
            "Your phone line plays the same message and then hangs up after {hours}.",
        ),
        did=("I've tried email, chat and the phone.",
             "I even messaged you on social media.",
             "I checked my spam folder in case your reply ended up there. Nothing.",
             "I drove to the {town} store, and they told me to email customer service."),
        want=("I just need someone to reply.",
              "Please have an actual person get back to me today.",
              "Can someone call me back, please?",
              "I'd like a reply to my original question about {order}."),
        short=("hello? is anyone reading these", "3rd time asking about {order}",
               "been on hold for {hours}", "still no reply to my email from {since}",
               "ticket {ticket} still says new", "waiting on a callback since {since}",
               "nobody has answered me", "can someone actually answer please"),
        note=("third contact about {order}, no reply to previous emails",
              "says promised callback from {staff} never happened",
              "waited on hold {hours} on previous call, line dropped",
              "ticket {ticket} not picked up in {days} days"),
    ),
    "staff_attitude": IssuePool(
        subject=("Experience at your {town} store", "How I was spoken to",
                 "Feedback about a staff member", "Your chat agent"),
        what=(
            "When I asked about returning the {cat} at the {town} store, the man at the "
            "counter rolled his eyes and said I'd obviously used it.",
            "The person on the phone talked over me the whole call and hung up when I "
            "asked for a manager.",
            "I was told 'that's not my department' three times by three different people.",
            "The assistant in the boot section laughed when I said what size I was.",
            "Your chat agent copied and pasted the returns policy at me four times instead "
            "of reading my question.",
            "I waited twenty minutes at the repair desk while two staff chatted about their "
            "weekend.",
            "When I said the {part} had failed, I was told I must have been 'too rough' with "
            "it.",
            "The employee who answered said, and I quote, 'read the website'.",
            "The lady at the till told my son to stop touching things in a really sharp "
            "tone. He's six.",
            "I was made to feel like I was trying to scam you for asking about a warranty.",
            "The mechanic at the {town} workshop said my bike was 'cheap junk' even though "
            "I bought it from you.",
        ),
        did=("I asked to speak to a manager and was told nobody was available.",
             "I stayed polite the whole time.",
             "I've been a customer for years and never had this before."),
        want=("I'd like someone to look into this.",
              "I think an apology is the least I'm owed.",
              "Please make sure your staff get some training on this.",
              "I want to know this has been passed on to the store manager."),
        short=("the guy at the {town} store was so rude to me today",
               "your agent literally hung up on me",
               "was told to 'read the website' when I asked a question",
               "made to feel like a scammer for asking about warranty",
               "staff at {town} laughed at me",
               "chat agent just pasted the policy 4 times",
               "spoken to like a child at the repair desk",
               "nobody at the counter even looked up"),
        note=("unhappy with how staff at {town} spoke to her about a return",
              "says previous agent hung up on him",
              "felt accused of misuse when reporting failed {part}",
              "complains about attitude at repair desk, wants manager callback"),
    ),
    "billing": IssuePool(
        subject=("Charged twice for {order}", "Billing error", "Unexpected charge",
                 "Question about a charge of {amount2}", "Double payment"),
        what=(
            "I was charged twice for order {order}. Two payments of {amount} on the same "
            "day.",
            "There's a charge of {amount2} on my card from you that I don't recognise.",
            "My {club} membership renewed even though I turned off auto-renew in "
            "September.",
            "The invoice shows {amount} but the price at checkout was lower.",
            "I used a gift card and the full amount still went on my card ending {last4}.",
            "I returned the {product} {when} and was charged a restocking fee nobody "
            "mentioned.",
            "The discount code applied at checkout but it's not on the receipt.",
            "My bank statement shows three pending charges for one order.",
            "I cancelled my {club} membership and was billed {amount2} the next month "
            "anyway.",
            "You charged me for shipping on an order over the free-shipping threshold.",
            "Our company was invoiced twice for the same group order, {order}.",
        ),
        did=("I've attached a screenshot of my bank statement.",
             "My bank says the charge has gone through, it's not just pending.",
             "I checked the order history and there's only one order."),
        want=("Please refund whatever I was overcharged.",
              "Can you reverse the charge?",
              "I'd like a corrected invoice.",
              "Please explain what the {amount2} is for."),
        short=("charged twice for {order}", "why is there a {amount2} charge on my card",
               "my membership renewed after i cancelled it",
               "got billed {amount} twice", "discount code didnt come off",
               "restocking fee? nobody told me about that",
               "3 charges on my card for one order", "gift card not applied"),
        note=("double charge on order {order}, {amount} each",
              "{club} renewal charged after cancellation",
              "disputes restocking fee on returned {product}",
              "discount code not applied on invoice"),
    ),
    "refund": IssuePool(
        subject=("Refund for {order}", "Where is my refund?", "Return {order} - no refund yet",
                 "Refund still not received"),
        what=(
            "I returned the {product} {when} and haven't seen the refund yet.",
            "The return was marked as received {days} days ago. The money is still not "
            "back.",
            "You refunded {amount2} but I paid {amount}.",
            "I was promised a refund within 5 business days. It's been three weeks.",
            "The refund went to a card I cancelled months ago.",
            "I dropped the {cat} off at the {town} store for a refund and was given store "
            "credit instead.",
            "My return label was accepted by {carrier} but your system still says 'awaiting "
            "return'.",
            "Your email says the refund was issued. My bank says nothing came in.",
            "I sent the {cat} back in the original box with all the tags, and the refund was "
            "reduced for 'wear'.",
            "I was told on chat the refund would be processed the same day. That was {when}.",
            "Your returns page says 30 days and I returned it within ten, but the refund "
            "was rejected.",
        ),
        did=("I have the proof of postage.",
             "I've kept the return receipt from the store.",
             "I asked my bank and they say nothing was sent."),
        want=("Please send the full refund to my original payment method.",
              "I'd like the refund processed this week.",
              "Please tell me when the money will actually arrive.",
              "I don't want store credit, I want my money back."),
        short=("still waiting on my refund for {order}", "return received {days} days ago, no "
               "refund", "only got {amount2} back out of {amount}",
               "refund was supposed to take 5 days",
               "you gave me store credit, i asked for a refund",
               "where's my money", "refund says issued but nothing in my account",
               "why was my refund reduced"),
        note=("refund for returned {product} not received after {days} days",
              "partial refund only, {amount2} of {amount}",
              "given store credit instead of refund at {town}",
              "refund marked issued, bank shows nothing"),
    ),
    "quality": IssuePool(
        subject=("Faulty {cat}", "{product} broke", "Problem with my {cat}",
                 "Warranty claim - {product}", "Defect on order {order}"),
        what=(
            "The {part} on my {product} broke after one trip.",
            ("First night out with the {product}, the {part} split.", SLEEP),
            ("The {cat} leak{s} at the {part}.", LEAK),
            "I've used the {product} maybe three times and the {part} has come apart.",
            "The {part} was loose straight out of the box.",
            ("After one rainy weekend the {cat} {is} soaked through.", WET),
            ("The {part} snapped while I was setting it up in the backyard, before we even "
             "left.", SNAP),
            ("The stitching on the {cat} {is} coming undone.", TEXTILE),
            ("My {product} makes a grinding noise and the {part} slips.", BIKE),
            ("The {product} smells of fuel even when it's off. The {part} doesn't seal.", STOVE),
            "For {amount} I expected the {cat} to last more than a month.",
            ("The colour ran the first time I washed the {cat}, exactly as per the label.", WASH),
        ),
        did=("I've attached photos of the {part}.",
             "I followed the care instructions exactly.",
             "I took it to the {town} repair desk and they said it would take six weeks.",
             "I tried tightening it myself but it's clearly a defect."),
        want=("I'd like a replacement, not a repair.",
              "Please let me know how to make a warranty claim.",
              "I'd like a full refund.",
              "Could you repair the {part} under warranty?",
              "I need this sorted before {trip}."),
        short=("the {part} broke after one trip", ("my {cat} leak{s}", LEAK),
               "{part} came off my {product} already", ("{cat} soaked through first time out", WET),
               "used it 3 times and its falling apart",
               "{part} was loose out of the box", ("the {part} split on night one", SLEEP),
               "for {amount} I expected better"),
        note=("{part} on {product} failed after one use",
              "reports {cat} leaking, wants replacement",
              "warranty claim for {product}, {part} broken",
              "says {product} faulty out of the box"),
    ),
    "delivery": IssuePool(
        subject=("Wrong item received", "Damaged delivery", "Parcel missing",
                 "Order {order} - wrong size", "Delivery problem"),
        what=(
            "The box arrived crushed and the {part} on the {product} is bent.",
            "Tracking says delivered {when} but there's nothing here.",
            ("I received a size 9 when I ordered a size 11.", SHOES),
            "I ordered the {product} and got a kids' version.",
            "The parcel was left in the rain on the porch and the box fell apart.",
            "{carrier} left a card saying they tried to deliver, but I was home all day.",
            "Only one of the two boxes arrived.",
            "The {cat} arrived without the {part}.",
            "The delivery photo shows a door that isn't mine.",
            ("The freight company wanted me to unload the {cat} from the truck myself.", FREIGHT),
            "My parcel got sent to my old address even though I updated it before ordering.",
            "I got someone else's order, a box of water bottles with a different name on it.",
        ),
        did=("I've asked the neighbours.",
             "I've attached photos of the box as it arrived.",
             "I spoke to {carrier} and they said to contact you."),
        want=("Please send a replacement.",
              "What happens now?",
              "I'd like a replacement shipped today.",
              "Please sort this out and arrange a collection if you need anything back."),
        short=("tracking says delivered but nothing here", "box arrived crushed",
               "got the wrong size", "only 1 of 2 boxes turned up",
               "{cat} came without the {part}", "delivered to the wrong house",
               "sent to my old address", "got someone else's order"),
        note=("parcel for {order} marked delivered, not received",
              "received wrong size, wants exchange shipped",
              "{product} arrived damaged in transit, photos sent",
              "missing second box of order {order}"),
    ),
    "cancellation": IssuePool(
        subject=("Cancel order {order}", "Cancel my {club} membership",
                 "Cancellation not processed", "Please cancel"),
        what=(
            "I cancelled order {order} within an hour of placing it and it shipped anyway.",
            "I've been trying to cancel my {club} membership for two months.",
            "The cancel button on the account page does nothing.",
            "I asked for the order to be cancelled {when}. It was charged and shipped.",
            "You cancelled my order without telling me. I only found out when I checked.",
            "My {club} membership was cancelled, but the emails and charges keep coming.",
            "I was told I need to phone to cancel, and the phone line is only open while "
            "I'm at work.",
            "Your site cancelled my order for the {product} because of an 'address "
            "mismatch'. The address is correct.",
            "I cancelled the repair booking {when} and still got charged the deposit.",
            "I'd like to cancel. I've asked on chat twice and was told to email.",
        ),
        did=("I have the cancellation confirmation email.",
             "I tried the cancel button on the website and the app.",
             "I asked at the {town} store and they couldn't do it there."),
        want=("Please cancel it and confirm in writing.",
              "Please stop charging my card.",
              "I want the order cancelled and refunded.",
              "Just cancel it, please."),
        short=("how do i cancel this membership, the button does nothing",
               "cancelled {order} and it shipped anyway", "stop charging me, i cancelled",
               "you cancelled my order without telling me",
               "i want to cancel", "why do i have to phone to cancel",
               "cancellation still not done", "still getting charged after cancelling"),
        note=("wants {club} membership cancelled, previous attempts failed",
              "order {order} shipped after cancellation",
              "order cancelled by system, customer not informed",
              "charged deposit after cancelling repair booking"),
    ),
    "technical": IssuePool(
        subject=("Can't log in", "Checkout error", "Website problem", "App keeps crashing",
                 "Password reset not working"),
        what=(
            "I can't log in to my account. The password reset email never arrives.",
            "Checkout fails at the payment step with 'something went wrong'.",
            "The app crashes every time I open my orders.",
            "My {club} points disappeared from my account after the update.",
            "The site won't accept my zip code.",
            "I get 'error 500' whenever I try to add the {product} to the basket.",
            "Your size guide page just shows a blank box on my phone.",
            "The gift card balance shows $0 but I haven't used it.",
            "The order confirmation page spun for five minutes and I don't know if the "
            "order went through.",
            "The repair booking form resets every time I upload a photo.",
            "I keep getting logged out halfway through checkout.",
        ),
        did=("I tried a different browser and my phone.",
             "I cleared my cache and cookies.",
             "I reinstalled the app.",
             "I tried at different times of day."),
        want=("Can you check my account?",
              "Please let me know if the order went through.",
              "Can someone reset my login manually?",
              "Please restore my points."),
        short=("cant log in, reset email never comes", "checkout keeps failing",
               "app crashes when i open orders", "my points vanished",
               "site won't take my zip code", "getting error 500 on checkout",
               "did my order go through or not??", "keeps logging me out"),
        note=("cannot log in, reset email not received",
              "checkout error at payment, unsure if charged",
              "{club} points missing after app update",
              "app crashing on orders page"),
    ),
    "booking": IssuePool(
        subject=("Repair booking", "Bike service appointment", "Workshop booking {ticket}",
                 "Class booking", "Rental reservation"),
        what=(
            "I booked my {cat} in for a repair {when} and when I arrived there was no "
            "record of it.",
            "My repair was meant to be ready on Tuesday. I've been told twice now 'maybe "
            "next week'.",
            "I booked the {club} kayak skills class and it was cancelled the night before by "
            "text.",
            "The booking system let me pick a slot and then emailed to say it was full.",
            "I reserved a rental kayak for {trip} and when I came to collect it, it had been "
            "given to someone else.",
            "The workshop has had my bike for {weeks} and nobody can tell me what's wrong "
            "with it.",
            "I was quoted {amount2} for the repair and charged {amount} at pick-up.",
            "I came in at my booked time at the {town} workshop and waited an hour.",
            "My boot resoling was booked in six weeks ago and it still hasn't been sent off.",
            "The confirmation email had the wrong store on it, so I drove to {town} for "
            "nothing.",
        ),
        did=("I have the booking confirmation.",
             "I called the workshop twice.",
             "I took the afternoon off work to bring it in."),
        want=("Please give me a firm date.",
              "I'd like the rental fee refunded.",
              "Please honour the original quote.",
              "Can you rebook me this week?"),
        short=("no record of my service booking", "my repair was due tuesday, still not "
               "ready", "class cancelled the night before",
               "rental was given to someone else", "workshop has had my bike for {weeks}",
               "quoted {amount2}, charged {amount}", "waited an hour past my booking",
               "wrong store on the confirmation"),
        note=("arrived for service booking, no record found",
              "repair overdue, promised Tuesday",
              "rental reservation for {trip} not honoured",
              "charged more than repair quote"),
    ),
    "misinformation": IssuePool(
        subject=("Conflicting information", "What I was told vs what happened",
                 "Product description wrong", "Incorrect advice"),
        what=(
            ("Your website describes the {product} as waterproof. Not even close.", WATERPROOF),
            "I was told on the phone that returns were free. The label cost me {amount2}.",
            "Chat told me the roof rack would fit my car. It doesn't.",
            "{staff} told me the {club} discount applied to sale items. At the till it "
            "didn't.",
            "The product page lists the weight as 1.2 kg. It's nearly 2.",
            "The store said the repair would be covered by the warranty. Now I'm getting a "
            "bill.",
            "I asked twice whether the stove works with the gas cans you sell. Both times "
            "I was told yes. It doesn't.",
            "Three different people have given me three different answers about the return "
            "window.",
            "The email said the order would ship in 24 hours. The website says 2-3 weeks.",
            ("I was told the {product} came with a footprint. It doesn't.", TENT),
        ),
        did=("I've got the chat transcript.",
             "I took a screenshot of the product page.",
             "I asked in the {town} store too."),
        want=("I'd like you to honour what I was told.",
              "Please correct the product page.",
              "Please refund the return shipping.",
              "Can I get a straight answer?"),
        short=(("your site says waterproof. it isn't", WATERPROOF), "was told returns were free",
               "chat told me it would fit. it doesn't", "3 people, 3 different answers",
               "the weight on the page is wrong", ("you said it came with a footprint", TENT),
               "store said warranty covers it, now i get a bill",
               "which is it, 24 hours or 3 weeks?"),
        note=("told by chat that {cat} would fit, it does not",
              "says store promised warranty cover, now invoiced",
              "product page info incorrect for {product}",
              "was told returns are free, paid {amount2} for label"),
    ),
    "price": IssuePool(
        subject=("Price drop after purchase", "Price match?", "Shipping costs",
                 "Price on the shelf vs at the till"),
        what=(
            "I bought the {product} {when} for {amount} and it's on sale today for "
            "{amount2} less.",
            "The shelf tag said {amount2} and I was charged {amount} at the till.",
            "Shipping on a {amount2} order was more than the item.",
            "The {club} price went up with no notice.",
            "The same {cat} {is} cheaper on your own site than in your {town} store.",
            "I was told you price match. Then I was told not on that brand.",
            "The 'sale' price is the same as the regular price was last month.",
            "You added a {amount2} 'handling fee' at the last step of checkout.",
            "The repair cost more than the {cat} {is} worth.",
        ),
        did=("I still have the receipt.",
             "I took a photo of the shelf tag.",
             "I checked your price-adjustment policy."),
        want=("Can you refund the difference?",
              "Please honour the shelf price.",
              "I'd like the handling fee removed.",
              "Please explain the new membership price."),
        short=("bought it {when} and now its on sale", "shelf said {amount2}, till said "
               "{amount}", "shipping costs more than the item lol",
               "membership price went up without notice", "cheaper online than in store??",
               "so do you price match or not", "what is this handling fee",
               "'sale' price is the old regular price"),
        note=("requests price adjustment, {product} reduced after purchase",
              "shelf price lower than charged at {town}",
              "questions new {club} fee",
              "disputes handling fee at checkout"),
    ),
    "policy": IssuePool(
        subject=("Return policy", "Warranty refused", "Exchange not allowed?",
                 "Membership terms"),
        what=(
            "I was refused a return on the {product} because it was one day past 30 days.",
            "You won't take back the {cat} because I tried it on outside.",
            "The warranty claim was rejected because I don't have the original box.",
            "I can't exchange a gift because I don't have the receipt, but you can look it "
            "up by the giver's email.",
            "The {club} 'lifetime' guarantee apparently doesn't cover normal use.",
            "Your policy says I have to pay return shipping on a faulty item.",
            "You require the card I paid with for a refund, and that card has been replaced "
            "by my bank.",
            "Sale items are final sale, but that wasn't shown anywhere when I bought the "
            "{cat}.",
            "I was told business accounts can't return anything over {amount2} without "
            "pre-approval.",
        ),
        did=("I read your policy page before buying.",
             "I asked the store manager in {town}.",
             "I have the order email."),
        want=("Please make an exception.",
              "Please review the decision.",
              "I'd like someone senior to look at this.",
              "Please change the policy, or at least make it clear before people buy."),
        short=("refused a return for being 1 day late", "cant exchange a gift without a "
               "receipt?", "'lifetime' guarantee lol", "i have to pay shipping on a faulty item?",
               "warranty refused because no box", "final sale wasn't shown anywhere",
               "return refused because i tried it on outside",
               "why do you need my old card for a refund"),
        note=("return refused, one day past window, asks for exception",
              "warranty refused without original packaging",
              "wants gift exchanged without receipt",
              "objects to paying return shipping on faulty {cat}"),
    ),
}

# Shared parts used across issues.
EMAIL_GREETINGS = (
    "Hi,", "Hello,", "Hi there,", "Dear Northwind team,", "Hello Northwind,",
    "Good morning,", "Hi team,", "To whom it may concern,", "Hey,", "Dear Sir or Madam,",
    "Good afternoon,", "Hi folks,",
)
CONTEXTS = (
    "I ordered the {product} {when} (order {order}).",
    "Order {order}, placed {when}.",
    "I'm writing about order {order}.",
    "I bought {a_product} from your {town} store {when}.",
    "I've been a {club} member for {years} years and have never had to write one of these.",
    "This is about my {product}, order number {order}.",
    "Regarding order {order} ({product}, {amount}).",
    "I picked up {a_product} at the {town} store {when}.",
    "We bought the {product} for {trip}.",
    "My partner ordered the {product} for my birthday.",
    "Our team ordered {n_items} {cats} for {trip} (order {order}).",
    "",
)
GENERIC_DID = (
    "I've already emailed about this.",
    "I spoke to someone on chat who said they'd escalate it.",
    "I've read the FAQ and it doesn't cover this.",
    "I called yesterday and was told to email instead.",
    "I asked at the {town} store and they couldn't help.",
    "I've waited a few days before writing in case it sorted itself out.",
)
GENERIC_WANT = (
    "Please let me know what happens next.",
    "I'd appreciate a quick reply.",
    "What are you going to do about it?",
    "I'd like this resolved this week.",
    "Please call me on the number on my account.",
    "Let me know what you need from me.",
)

# Feelings: mild ones avoid strong words on purpose; strong ones are for high severity.
FEEL_MILD = (
    "Not what I expected.", "A bit disappointing, to be honest.",
    "I've always liked shopping with you, so this is a surprise.",
    "I'm not angry, just confused.", "Hoping this is a one-off.",
    "Slightly annoyed, if I'm honest.", "This has taken a lot more of my time than it "
    "should have.",
)
FEEL_STRONG = (
    "This is completely unacceptable.", "I am really frustrated.",
    "Honestly this is the worst customer service I've had in years.",
    "I'm furious.", "This is ridiculous.", "I'm fed up.", "Absolutely shocking.",
    "I'm so disappointed.", "This has ruined our trip plans.",
)

# (text, signals): escalations tag the signals their words imply.
ESCALATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("If this isn't sorted I'll take my business elsewhere.", ("churn_intent",)),
    ("Honestly I'm thinking of switching to another shop.", ("churn_intent",)),
    ("I'll cancel my {club} membership if this isn't fixed.", ("churn_intent",)),
    ("This will be my last order.", ("churn_intent",)),
    ("I'll be leaving a review about this.", ("public_escalation",)),
    ("Next step is posting about this on social media.", ("public_escalation",)),
    ("I'll be telling everyone in my hiking group about this.", ("public_escalation",)),
    ("I'll be disputing the charge with my bank.", ("chargeback",)),
    ("I've kept all the emails and will go to small claims court if I have to.",
     ("legal_threat",)),
    ("I'll be reporting this to the consumer protection office.", ("legal_threat",)),
    ("My lawyer will be in touch if I don't hear back.", ("legal_threat",)),
)
URGENCIES = (
    "I need this by Friday, we leave for {trip}.",
    "Please reply today.",
    "This is urgent.",
    "I need an answer before the weekend.",
    "We leave for {trip} in {nw} days.",
)

EMAIL_SIGNOFFS = (
    "Thanks,\n{first}", "Best,\n{full}", "Regards,\n{full}", "{first}",
    "Cheers,\n{first}", "Thank you in advance,\n{full}", "- {first}", "Kind regards,\n{full}",
    "Thanks for your help,\n{first}", "{full}",
)

# Follow-up openers (third person count filled in by the writer).
FOLLOW_OPENERS = (
    "This is the {nth} time I'm writing about this.",
    "I'm following up on my message from {since}. Still nothing.",
    "Following up AGAIN on {order}.",
    "I wrote to you {when} about {order} and have heard nothing back.",
    "Just so we're clear, this is my {nth} message about the same problem.",
    "Still waiting. See my previous message below.",
    "Nobody has replied to my last {count} emails.",
    "I was promised an update by today. Nothing.",
    "Writing again because the problem with {order} is still not fixed.",
    "It's been {days} days since I first contacted you.",
)
FOLLOW_SHORT = (
    "hello?? {nth} time asking", "still nothing on {order}", "any update at all?",
    "this is my {nth} message", "why is nobody answering", "still waiting...",
    "again: {order}", "following up AGAIN",
)
FOLLOW_DEMANDS = (
    "I want to speak to a manager.",
    "Please escalate this to someone who can actually fix it.",
    "I want a full refund now.",
    "Give me a phone number for someone senior.",
    "I'm not writing a {next} time.",
)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
