"""The fictional world of the demo: Northwind Outfitters, its people, products and places.

Everything here is invented. Email domains use reserved names (``example.com``,
``*.example``) and phone numbers the 555-01xx fiction range, so a demo that sends mail or
texts can never reach a real person.
"""

from __future__ import annotations

BUSINESS = "Northwind Outfitters"
HANDLE = "@NorthwindOutfitters"
CLUB = "Trail Club"

# First and last names grouped by cultural origin so most names are coherent; a minority
# are deliberately mixed (people marry, migrate, are adopted).
NAME_POOLS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (  # English-speaking
        ("Emily", "James", "Olivia", "Ethan", "Hannah", "Connor", "Grace", "Liam",
         "Megan", "Tyler", "Abigail", "Wyatt", "Sarah", "Colin", "Brooke", "Dylan"),
        ("Whitfield", "Harper", "Caldwell", "Brennan", "Foster", "Hollis", "Pruitt",
         "Sutherland", "Ashby", "Lowell", "McKenna", "Garrity", "Dunmore", "Kettering"),
    ),
    (  # Spanish / Latin American
        ("Sofía", "Mateo", "Valentina", "Diego", "Camila", "Alejandro", "Lucía", "Javier",
         "Isabela", "Andrés", "Mariana", "Rafael"),
        ("Hernández", "Ortega", "Castillo", "Mendoza", "Villanueva", "Rojas", "Salazar",
         "Fuentes", "Aguilar", "Navarro", "Delgado", "Cabrera"),
    ),
    (  # West African
        ("Chinedu", "Amara", "Kwame", "Adaeze", "Tunde", "Efua", "Kofi", "Ngozi", "Yaw",
         "Folake"),
        ("Okafor", "Mensah", "Adeyemi", "Boateng", "Nwosu", "Owusu", "Balogun", "Asante",
         "Eze", "Okonkwo"),
    ),
    (  # South Asian
        ("Priyanka", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Sanjay",
         "Ishaan", "Deepa", "Farhan", "Nadia"),
        ("Raghunathan", "Iyer", "Kapoor", "Chatterjee", "Nair", "Deshpande", "Malhotra",
         "Siddiqui", "Bhatt", "Venkatesan", "Qureshi", "Reddy"),
    ),
    (  # East Asian
        ("Wei", "Mei", "Hiroshi", "Yuki", "Jisoo", "Minho", "Haruka", "Jun", "Lin",
         "Kenji", "Seo-yeon", "Tao"),
        ("Zhang", "Nakamura", "Park", "Lin", "Takahashi", "Choi", "Huang", "Sato", "Kim",
         "Watanabe", "Liu", "Yamada"),
    ),
    (  # Central / Northern European
        ("Lena", "Matthias", "Sanne", "Bram", "Ingrid", "Nils", "Freya", "Henrik",
         "Katja", "Lukas", "Elin", "Joost"),
        ("Brandt", "Vermeulen", "Lindqvist", "Hoffmann", "Jansen", "Halvorsen", "Kessler",
         "de Vries", "Nyström", "Weber", "Aaltonen", "Schäfer"),
    ),
    (  # Southern / Eastern European
        ("Giulia", "Marco", "Elena", "Nikos", "Ana", "Tomasz", "Irina", "Luka", "Chiara",
         "Dmitri", "Zofia", "Andrei"),
        ("Russo", "Moretti", "Papadopoulos", "Kowalski", "Petrović", "Ivanova", "Novak",
         "Esposito", "Wiśniewska", "Popescu", "Kovač", "Romano"),
    ),
    (  # Middle Eastern / North African
        ("Layla", "Omar", "Yasmin", "Karim", "Samira", "Tariq", "Noor", "Hassan", "Rania",
         "Yusuf", "Dalia", "Sami"),
        ("Haddad", "Khalil", "Mansour", "Farouk", "Aziz", "Nasser", "Saleh", "Bakr",
         "Hamdan", "Touma", "Rahimi", "Darwish"),
    ),
)
# Weights roughly follow a diverse North American customer base.
NAME_WEIGHTS = (30, 16, 8, 11, 11, 9, 8, 7)

EMAIL_DOMAINS = (
    "example.com", "example.net", "example.org", "mail.example", "inbox.example",
    "post.example", "hey.example",
)

AREA_CODES = (
    "503", "971", "206", "425", "253", "208", "360", "541", "509", "415", "720", "801",
    "406", "916", "775", "604",
)

CITIES = (
    "Portland", "Seattle", "Boise", "Tacoma", "Eugene", "Bend", "Spokane", "Salem",
    "Vancouver WA", "Olympia", "Bellingham", "Missoula", "Sacramento", "Reno",
    "Salt Lake City", "Denver", "Bozeman", "Hood River", "Corvallis", "Walla Walla",
)

# The three physical stores; the rest of the business is online.
STORES = (
    "Portland (Pearl District)", "Seattle (Fremont)", "Boise (downtown)",
)
STORE_SHORT = ("Portland", "Seattle", "Boise")

COMPANY_FIRST = (
    "Ridgeline", "Blue Heron", "Cedar Hollow", "Basalt", "Three Rivers", "Timberline",
    "Silver Creek", "Larkspur", "North Fork", "Granite", "Osprey Point", "Alder",
    "High Desert", "Cascade Foothills", "Juniper", "Kestrel",
)
COMPANY_SECOND = (
    "Guiding Co.", "Outdoor School", "Scouts Troop 114", "Adventure Camps",
    "Expeditions LLC", "Kayak Tours", "Youth Ministries", "Search & Rescue",
    "Field Studies", "Bike Collective", "Trail Crew", "Retreats", "Running Club",
    "Environmental Consulting",
)

# name, short noun, typical price, parts that fail, needs freight delivery
PRODUCTS: tuple[tuple[str, str, int, tuple[str, ...], bool], ...] = (
    ("Ridgeback 2 tent", "tent", 329, ("pole", "zip on the door", "rainfly seam"), False),
    ("Ridgeback 4 tent", "tent", 479, ("pole hub", "zipper", "floor seam"), False),
    ("Fernhollow ultralight tent", "tent", 589, ("guyline tensioner", "zip", "pole"), False),
    ("Cascade Shell jacket", "jacket", 249, ("main zip", "hood drawcord", "taped seams"),
     False),
    ("Emberfield down jacket", "jacket", 289, ("zip", "baffle stitching", "cuff"), False),
    ("Drizzle Lite rain jacket", "rain jacket", 139, ("zip", "seam tape", "pocket"),
     False),
    ("Talus Mid hiking boots", "boots", 199, ("sole", "lace hook", "heel counter"), False),
    ("Scree Runner trail shoes", "trail shoes", 149, ("sole", "toe cap", "upper mesh"),
     False),
    ("Alpenglow winter boots", "boots", 229, ("liner", "sole", "eyelet"), False),
    ("Switchback 29 mountain bike", "bike", 1849, ("rear derailleur", "brake lever",
     "chain", "dropper post"), True),
    ("Commuter 7 city bike", "bike", 899, ("kickstand", "gear shifter", "chain"), True),
    ("Gravel Fox bike", "bike", 1399, ("crank", "brake caliper", "bottom bracket"), True),
    ("Eddy 12 kayak", "kayak", 1099, ("seat back", "rudder cable", "hatch cover"), True),
    ("Tidewater touring kayak", "kayak", 1649, ("skeg", "deck bungee", "hatch seal"),
     True),
    ("Emberline camping stove", "stove", 89, ("burner valve", "igniter", "pot support"),
     False),
    ("Twin Peak two-burner stove", "stove", 159, ("regulator", "igniter", "hinge"),
     False),
    ("Snowmelt -7°C sleeping bag", "sleeping bag", 219, ("zip", "draft collar",
     "stitching"), False),
    ("Drift 20 sleeping bag", "sleeping bag", 149, ("zip", "compression sack"), False),
    ("Summit 45 backpack", "backpack", 189, ("hip belt buckle", "shoulder strap",
     "zip"), False),
    ("Daybreak 22 daypack", "daypack", 79, ("zip", "strap", "water bladder sleeve"),
     False),
    ("Lumen 400 headlamp", "headlamp", 49, ("battery door", "strap", "switch"), False),
    ("Glacier insulated bottle", "bottle", 34, ("lid", "seal"), False),
    ("Canopy camp chair", "camp chair", 69, ("leg", "seat fabric"), False),
    ("Trekker carbon poles", "trekking poles", 129, ("flick lock", "tip"), False),
    ("Basecamp inflatable pad", "sleeping pad", 119, ("valve", "baffle"), False),
    ("Riverstone paddle", "paddle", 159, ("ferrule", "blade"), False),
    ("Larch merino base layer", "base layer", 89, ("seam", "cuff"), False),
    ("Whitecap dry bag set", "dry bags", 45, ("roll-top buckle", "seam"), False),
)

# Categories named in the plural; products in PAIRS are bought as "a pair of ...".
PLURAL_CATS = ("boots", "trail shoes", "trekking poles", "dry bags")
PAIRS = ("boots", "trail shoes", "trekking poles")

CARRIERS = (
    "the courier", "the delivery company", "the parcel service", "the freight company",
    "the postal service", "the delivery driver",
)

TRIPS = (
    "a week in the Sawtooths", "our first family camping trip", "a hut trip next weekend",
    "a kayak trip on the Sound", "the Wonderland Trail", "my daughter's scout camp",
    "a bikepacking trip", "a ski tour in the Wallowas", "our honeymoon hike",
    "a group trip with work", "a long weekend on the coast", "elk season",
    "a canoe trip with my dad", "a solo trip to the desert",
)

RELATIVE_DAYS = (
    "last Monday", "last Tuesday", "last Wednesday", "last Thursday", "last Friday",
    "over the weekend", "on Saturday", "a week ago", "ten days ago", "two weeks ago",
    "three weeks ago", "a month ago", "on the 3rd", "on the 8th", "on the 12th",
    "on the 14th", "on the 19th", "on the 21st", "on the 27th", "the day before yesterday",
    "at the start of the month", "earlier this month",
)

# For "since ..." and "from ...", where "a week ago" would not read right.
SINCE = ("last Monday", "last Tuesday", "last Thursday", "the weekend", "the 3rd", "the 8th",
         "the 14th", "the 21st", "last week", "the start of the month", "Friday")

NUMBER_WORDS = ("two", "three", "four", "five", "six")
