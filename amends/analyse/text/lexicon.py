"""Small hand-written word lists used by the text analyser.

Everything here is written for Amends (no third-party lexicon is copied). The lists are
deliberately short: the trained model carries the bulk of the vocabulary, and these lists
cover what the training data sees rarely (emoji, chat shorthand, negators).
"""

from __future__ import annotations

# Emoji and emoticons -> a coarse class. The class becomes a model token (``_emo_<class>_``)
# and a small prior on the sentiment logits, because the training data has few emoji.
EMOJI_CLASS: dict[str, str] = {}
for _chars, _cls in (
    ("😀😃😄😁😆😊🙂😌😎🤗🥳😇😺😸😉☺🤩", "joy"),
    ("😂🤣😹", "amusement"),
    ("😍🥰😘😻💕💖💗💓💞❤♥💙💚💛💜🧡🤍🖤❣🫶🥹", "love"),
    ("👍👌🙌👏💯🎉✨🌟⭐✅🔥🏆💪✌", "approval"),
    ("🙏", "gratitude"),
    ("😠😡🤬👿💢", "anger"),
    ("🙄😒😤😑😩😫🤦🤷😐", "annoyance"),
    ("👎💩🤮🤢🤡", "disgust"),
    # Rating stars ("★★☆☆☆") are read as a rating (``analyse._rating``), not as a feeling;
    # as class-less emoji they had taught the model that any unknown emoji complains.
    ("★☆", "star"),
    ("😢😭😞😔😟🙁☹😿💔😥😪", "sadness"),
    ("😱😨😰😬😧😦", "fear"),
    ("🤔😕😵🤨❓", "confusion"),
    ("😮😯😲🤯", "surprise"),
):
    for _c in _chars:
        EMOJI_CLASS[_c] = _cls

# The upside-down face marks irony: "money well spent 🙃". It counts as an upset emoji in
# the rules; the model reads it as a class of its own.
IRONY_EMOJI = "🙃"
EMOJI_CLASS[IRONY_EMOJI] = "irony"
# Skin tones and gender signs modify the emoji before them ("👍🏽", "🤦‍♀️"): no token.
EMOJI_MODIFIERS = "\U0001F3FB-\U0001F3FF\u2640\u2642"

EMOTICON_CLASS: dict[str, str] = {
    ":)": "joy",
    ":-)": "joy",
    "(:": "joy",
    ":]": "joy",
    "=)": "joy",
    ":D": "joy",
    ":-D": "joy",
    ";)": "joy",
    ";-)": "joy",
    ":P": "joy",
    ":p": "joy",
    "xD": "amusement",
    "XD": "amusement",
    "<3": "love",
    ":(": "sadness",
    ":-(": "sadness",
    "):": "sadness",
    ":'(": "sadness",
    ":[": "sadness",
    "=(": "sadness",
    ">:(": "anger",
    ">:-(": "anger",
    ":/": "confusion",
    ":-/": "confusion",
    ":\\": "confusion",
    ":|": "annoyance",
    ":-|": "annoyance",
    "-_-": "annoyance",
    "</3": "sadness",
    ":o": "surprise",
    ":O": "surprise",
}

POSITIVE_EMO = {"joy", "amusement", "love", "approval", "gratitude"}
NEGATIVE_EMO = {"anger", "annoyance", "disgust", "sadness", "fear"}

# Chat shorthand and missing apostrophes -> a canonical form the patterns expect.
SHORTHAND: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "ya": "you",
    "yr": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thanx": "thanks",
    "ty": "thanks",
    "tks": "thanks",
    "im": "i'm",
    "ive": "i've",
    "dont": "don't",
    "cant": "can't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "hadnt": "hadn't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "arent": "aren't",
    "werent": "weren't",
    "aint": "ain't",
    "wont": "won't",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "youre": "you're",
    "theyre": "they're",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "cuz": "because",
    "bc": "because",
    "coz": "because",
    "msg": "message",
    "asap": "asap",
    "hrs": "hours",
    "hr": "hour",
    "mins": "minutes",
    "min": "minutes",
    "wks": "weeks",
    "wk": "week",
    "yrs": "years",
    "acct": "account",
    "acc": "account",
    "pkg": "package",
    "cust": "customer",
    "svc": "service",
    "srsly": "seriously",
    "omw": "on my way",
    "idk": "i don't know",
    "smh": "smh",
    "wtf": "wtf",
    "ffs": "ffs",
    "tho": "though",
    "thru": "through",
    "nite": "night",
    "2day": "today",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "6th": "sixth",
    "7th": "seventh",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "recieve": "receive",
    "recieved": "received",
    "refunded": "refunded",
}

NEGATORS = frozenset(
    "not no never none nobody nothing neither nor nowhere without cannot hardly barely "
    "ain't aren't can't couldn't didn't doesn't don't hadn't hasn't haven't isn't mightn't "
    "mustn't needn't shan't shouldn't wasn't weren't won't wouldn't".split()
)
# Words that end a negation scope (the model sees "NOT_x" only inside the scope).
SCOPE_BREAKERS = frozenset("but however although though yet except".split())

INTENSIFIERS = frozenset(
    "very really so extremely incredibly absolutely totally completely utterly super "
    "seriously truly highly deeply terribly awfully insanely ridiculously beyond most "
    "too such fucking bloody damn".split()
)

PROFANITY = frozenset(
    "fuck fucking fucked fucker fucks shit shitty bullshit crap crappy damn damned "
    "bloody ass asshole arse bastard bitch wtf ffs piss pissed dick idiot idiots stupid "
    "moron morons dumb".split()
)

NUMBER_WORDS = (
    "a an one two three four five six seven eight nine ten eleven twelve fifteen twenty "
    "thirty forty fifty several few many multiple couple numerous countless"
)

# Stopwords of common languages, for language detection (short, frequent function words).
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and is are was were to of in that it you i my me for on with this have has "
        "not be but at they we your what can will do don't it's i'm just so".split()
    ),
    "es": frozenset(
        "el la los las de que y en un una es por para con no mi muy pero lo se del al "
        "está estoy gracias muchas hola cuando porque también".split()
    ),
    "fr": frozenset(
        "le la les de des et est un une que qui pas je vous pour dans mon ma avec ce "
        "sur au du très mais merci beaucoup bonjour ne suis".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ich sie es ein eine zu mit auf für den dem mein "
        "meine aber wir noch sehr bitte danke vielen dank ist hallo".split()
    ),
    "it": frozenset(
        "il lo la gli le di che e è un una per non con sono mi mio ma molto del della "
        "grazie ciao questo".split()
    ),
    "pt": frozenset(
        "o a os as de que e é um uma não para com meu minha mas muito do da em no na "
        "obrigado obrigada olá você".split()
    ),
    "nl": frozenset(
        "de het een en is niet ik je van dat die in op met voor mijn maar zijn wel "
        "heel bedankt hallo".split()
    ),
}

# More everyday words of those languages, many of them what customers write about
# (orders, parcels, refunds, waiting), so that a short message with few function words
# is still recognised: "Servicio pésimo, nunca más", "Bin seit zwei Wochen ohne Internet".
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset(
        """
        pedido servicio nunca más todavía nadie nada hace días semanas horas dinero cuenta
        tengo tiene hay ya como bien favor ayuda llegado llegó quiero necesito reembolso
        factura cobrado cobro atención cliente esperando siempre mucho este esta eso fue
        sido han dónde cuándo qué por qué sigo sin respuesta pésimo pésima malo mala
        gracias buenas buenos tardes noches envío paquete devolución producto ayer hoy
        nos les ustedes usted vez veces otra otro todo todos nunca jamás
        """.split()
    ),
    "fr": frozenset(
        """
        commande colis jamais personne toujours rien depuis remboursement livraison reçu
        arrivé arrivée été fait faire avoir j'ai c'est n'est il elle nous votre vos mes
        sans encore aucun aucune jours semaines heures argent compte facture problème
        déçu déçue nul nulle trop plus moins avez êtes sont ont aussi pourquoi quand
        attente réponse répond s'il plaît svp produit hier aujourd'hui rien bonsoir
        """.split()
    ),
    "de": frozenset(
        """
        bestellung paket lieferung rechnung geld zurück leider schon wieder immer seit
        ohne gerne wochen tage tagen stunden keine kein nichts habe haben wurde wird auch
        nur oder wenn dass warum jetzt heute gestern kundenservice erstattung angekommen
        bekommen erhalten bestellt unglaublich schlecht zwei drei vier fünf mir mich uns
        euch ihr ihre ihnen vom zum zur beim über nach bei ganz kann können muss soll
        möchte würde antwort kunde endlich eigentlich trotzdem falsch kaputt alles sehr
        guten tag
        """.split()
    ),
    "it": frozenset(
        """
        ordine pacco mai ancora nessuno niente rimborso servizio arrivato arrivata
        consegna soldi giorni settimane ore perché anche sempre tutto tutti ho hanno
        abbiamo siete vostro vostra nel nella alla dal dalla sul questa quello
        assistenza risposta pessimo ottimo bravi buongiorno salve fattura già più
        senza dopo ieri oggi cosa ancora
        """.split()
    ),
    "pt": frozenset(
        """
        pedido entrega ainda nunca ninguém nada chegou recebi dinheiro reembolso
        atendimento por favor estou está sem já também porque quando isso esse essa foi
        tem tenho dias semanas horas produto conta cobrança péssimo ótimo pelo pela seu
        sua vocês nós eles aqui agora hoje ontem obrigado obrigada bom dia
        """.split()
    ),
    "nl": frozenset(
        """
        pakket bestelling bezorgd nog steeds geen niets ook wat waarom klantenservice
        geld terug dagen weken uur heb hebben heeft wordt worden werd moet zou graag
        alstublieft dank bedankt jullie uw ons onze hier daar gisteren vandaag slecht
        goed erg echt helemaal betaald rekening levering al
        """.split()
    ),
}

# Words of those lists that English writes too ("no", "as", "a", "die", "van", "con"):
# they are no evidence of another language.
ENGLISH_HOMOGRAPHS = frozenset(
    """
    a as o e do no na um em os in is on op die van en con lo le mi ma me he ha son sin
    mal al bin hat was will so u y la es de un se bom
    """.split()
)

# English function words: never shown as the words that explain a finding (an article or
# a pronoun explains nothing to a person, however the model weighs it). Longer than the
# language-detection list above, which must stay short and distinctive.
COMMONEST_WORDS = STOPWORDS["en"]
FUNCTION_WORDS = COMMONEST_WORDS | frozenset(
    """
    a an the this that these those there here it its it's itself i me my mine myself we us
    our ours you you're your yours he him his she her hers they them their theirs who whom
    whose which what whatever when where why how if then than as so such both either each
    every all any some other another own same one ones of off on onto in into out over
    under up down at by for from to with without within about above below after before
    since until while during through between among against around across along beside
    upon via per and or nor but yet also too very quite rather just only even ever am is
    are was were be been being do does did doing done have has had having will would shall
    should can could may might must let lets get gets got getting go goes going gone went
    make makes made say says said know knew think thought like well oh ok okay yes yeah
    name lol im ive dont cant thats
    """.split()
)

# Key words the patterns rely on; an unknown token one edit away from one of these is
# corrected to it ("recieve", "refnd", "complaitn"), so typos do not hide a complaint.
KEY_WORDS = frozenset(
    """
    complaint complain complained complaining claim reclamation refund refunded money
    cancel cancelled cancellation charged charge charges overcharged billed bill invoice
    payment payments account delivery delivered arrived received receive package parcel
    order ordered waiting waited still again already twice broken damaged missing wrong
    customer service support manager agent response reply replied answer answered called
    emailed contacted hours minutes weeks months days never nobody terrible horrible
    awful disgusting disappointed disappointing frustrated frustrating annoyed angry
    furious upset unacceptable ridiculous useless worst rude incompetent lawyer attorney
    review twitter facebook switching competitor everyone tomorrow yesterday experience
    organization organisation company business problem problems issue issues error
    errors working flight luggage booking reservation appointment subscription please
    thanks thank helpful amazing excellent wonderful fantastic awesome lodge filing
    consumer assistance dispute disputed fraud fraudulent stolen
    """.split()
)
