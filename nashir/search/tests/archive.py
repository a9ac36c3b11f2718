"""A generated Arabic news archive with labelled queries: search quality at a real archive's size.

`build()` writes, from a fixed seed, an archive of Arabic news stories (2,000 by default) of
the kinds a newsroom publishes day after day — power cuts, prices, ministers' visits, aid
agencies' warnings, matches, festivals, trials, storms, elections — and the queries readers
type to find one story in it, each labelled with the story the reader means.

The archive is made to be hard the way a real one is:

- every story of a kind shares its headline's pattern with a hundred others (انقطاع الكهرباء
  عن أحياء حلب / انقطاع المياه عن أحياء حمص …), and every body is full of the same common words
  (الحكومة، المواطنين، الأسعار، الخدمات);
- one story in ten is long, and mentions in passing the places, people, organisations and
  events that other stories are about;
- stories are spread over six years, so the story a reader means is often older than many
  that share its words;
- the same event comes back every year (a storm, a budget, exams), told with the same headline.

The labelled queries are written from the story's side, as a reader remembers it, before any
ranking is looked at: the words of its headline, a phrase of it, the name of someone quoted,
a spelling of one of its words other than the one printed, an acronym for the organisation it
names (or the full name for the acronym), another form of its key word (plural, with or
without ال), or its headline words with the dates it appeared between. A story is labelled
only when the query names it and no other (its identifying words are unique to it by
construction); the ranking then has to put it first among everything else that matches.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

# ---- the world the stories happen in -------------------------------------------------------


def _words(text):
    return text.split()


# key: (name, adjective as in «الوزير السوري», spellings readers also type)
COUNTRIES = {
    "syria": ("سوريا", "السوري", ()),
    "lebanon": ("لبنان", "اللبناني", ()),
    "jordan": ("الأردن", "الأردني", ("الاردن",)),
    "iraq": ("العراق", "العراقي", ()),
    "egypt": ("مصر", "المصري", ()),
    "saudi": ("السعودية", "السعودي", ("المملكة العربية السعودية",)),
    "uae": ("الإمارات", "الإماراتي", ("الإمارات العربية المتحدة",)),
    "qatar": ("قطر", "القطري", ()),
    "bahrain": ("البحرين", "البحريني", ()),
    "oman": ("سلطنة عمان", "العماني", ()),
    "kuwait": ("الكويت", "الكويتي", ()),
    "yemen": ("اليمن", "اليمني", ()),
    "tunisia": ("تونس", "التونسي", ()),
    "algeria": ("الجزائر", "الجزائري", ("الجزاير",)),
    "morocco": ("المغرب", "المغربي", ("المملكة المغربية",)),
    "sudan": ("السودان", "السوداني", ()),
    "libya": ("ليبيا", "الليبي", ()),
    "mauritania": ("موريتانيا", "الموريتاني", ("موريطانيا",)),
}

# (city, country key, another spelling readers use)
CITIES = [
    ("حلب", "syria", None),
    ("دمشق", "syria", None),
    ("حمص", "syria", None),
    ("حماة", "syria", "حماه"),
    ("اللاذقية", "syria", None),
    ("طرطوس", "syria", None),
    ("دير الزور", "syria", "ديرالزور"),
    ("الرقة", "syria", None),
    ("إدلب", "syria", "ادلب"),
    ("درعا", "syria", None),
    ("القامشلي", "syria", "قامشلو"),
    ("السويداء", "syria", None),
    ("بيروت", "lebanon", None),
    ("طرابلس", "lebanon", None),
    ("صيدا", "lebanon", None),
    ("زحلة", "lebanon", None),
    ("إربد", "jordan", "اربد"),
    ("الزرقاء", "jordan", None),
    ("العقبة", "jordan", None),
    ("بغداد", "iraq", None),
    ("البصرة", "iraq", None),
    ("الموصل", "iraq", None),
    ("أربيل", "iraq", "هولير"),
    ("كركوك", "iraq", None),
    ("النجف", "iraq", None),
    ("الإسكندرية", "egypt", "الاسكندرية"),
    ("أسوان", "egypt", None),
    ("بورسعيد", "egypt", "بور سعيد"),
    ("الرياض", "saudi", None),
    ("جدة", "saudi", "جده"),
    ("الدمام", "saudi", None),
    ("أبوظبي", "uae", "أبو ظبي"),
    ("دبي", "uae", None),
    ("الشارقة", "uae", None),
    ("الدوحة", "qatar", None),
    ("المنامة", "bahrain", None),
    ("مسقط", "oman", None),
    ("صنعاء", "yemen", "صنعا"),
    ("عدن", "yemen", None),
    ("تعز", "yemen", None),
    ("صفاقس", "tunisia", None),
    ("سوسة", "tunisia", None),
    ("وهران", "algeria", None),
    ("قسنطينة", "algeria", None),
    ("الدار البيضاء", "morocco", "كازابلانكا"),
    ("مراكش", "morocco", None),
    ("طنجة", "morocco", None),
    ("الخرطوم", "sudan", None),
    ("بورتسودان", "sudan", "بور سودان"),
    ("بنغازي", "libya", None),
    ("مصراتة", "libya", None),
    ("نواكشوط", "mauritania", None),
]

FIRST_NAMES = _words(
    """
محمد أحمد خالد سامر يوسف عمر طارق فادي رامي جميل وائل مؤيد لؤي مأمون أسامة زياد باسل نزار
حسام مهند إياد بشير غسان كريم مازن عماد رائد صلاح هشام ماهر ليلى ريم هدى نادية منى سلمى رؤى
هبة إيمان بشرى سوسن رشا لمى دانة ضحى وفاء آلاء أسماء
"""
) + ["عبد الرحمن", "عبد الكريم", "عبد الله", "عبد الحميد", "عبد الرزاق"]

FAMILY_NAMES = _words(
    """
الخطيب الحلبي النجار الحداد القاسم الشامي الزعبي السيد الراشد البيطار العطار الحسيني الدباغ
الكردي الصالح المؤذن الطائي البرازي الأتاسي القباني العظمة الجابري المصطفى الرفاعي الخياط
السقا الحمصي الدروبي الملا الكيالي الساعاتي الجندي الحموي الأيوبي الطرابلسي القدسي العمري
الهاشمي الموصلي الشهابي
"""
)

# Spelling variants readers type for words the headlines use: (as printed, as typed).
SPELLINGS = {
    "الإنترنت": "الانترنيت",
    "المسؤولين": "المسئولين",
    "مسؤول": "مسئول",
    "مسؤولين": "مسئولين",
    "شؤون": "شئون",
    "مؤتمر": "موتمر",
    "رئيس": "رءيس",
    "هيئة": "هيئه",
    "البيئة": "البيئه",
    "الديمقراطية": "الديموقراطية",
    "فيروس": "فايروس",
    "مستشفى": "مستشفي",
    "الأمطار": "الامطار",
    "إصابات": "اصابات",
    "أسعار": "اسعار",
    "الأطفال": "الاطفال",
    "التلفزيون": "التليفزيون",
    "غوغل": "جوجل",
    "فيسبوك": "فيس بوك",
    "واتساب": "واتس آب",
    "يوتيوب": "يوتوب",
    "الولايات المتحدة": "أميركا",
    "أمريكا": "أميركا",
    "الاتحاد الأوروبي": "الاتحاد الأوربي",
    "برنامج الأغذية العالمي": "برنامج الغذاء العالمي",
    "مشفى": "مستشفى",
    "الطائرات المسيرة": "الطائرات دون طيار",
    "المازوت": "الديزل",
    "مائة": "مئة",
    "شيء": "شئ",
    "الجزائر": "الجزاير",
}

# Organisations readers name by acronym or in full: (acronym, full name).
ORGANISATIONS = [
    ("يونيسف", "منظمة الأمم المتحدة للطفولة"),
    ("الأونروا", "وكالة غوث وتشغيل اللاجئين الفلسطينيين"),
    ("الفاو", "منظمة الأغذية والزراعة"),
    ("اليونسكو", "منظمة الأمم المتحدة للتربية والعلم والثقافة"),
    ("أوتشا", "مكتب تنسيق الشؤون الإنسانية"),
    ("الإسكوا", "اللجنة الاقتصادية والاجتماعية لغربي آسيا"),
    ("مفوضية اللاجئين", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"),
    ("المنظمة الأممية", "الأمم المتحدة"),
]
COMPANIES = [
    ("أرامكو", "شركة الزيت العربية السعودية"),
    ("أدنوك", "شركة بترول أبوظبي الوطنية"),
]
# (acronym, full name, the verb «holds» agreeing with each)
BLOCS = [
    ("أوبك", "منظمة الدول المصدرة للنفط", "تعقد", "تعقد"),
    ("الناتو", "حلف شمال الأطلسي", "يعقد", "يعقد"),
    ("فيفا", "الاتحاد الدولي لكرة القدم", "يعقد", "يعقد"),
    ("مجلس التعاون الخليجي", "مجلس التعاون لدول الخليج العربية", "يعقد", "يعقد"),
    ("الجامعة العربية", "جامعة الدول العربية", "تعقد", "تعقد"),
]

SECTIONS = {
    "local": "محليات",
    "economy": "اقتصاد",
    "politics": "سياسة",
    "sport": "رياضة",
    "culture": "ثقافة",
    "health": "صحة",
    "tech": "علوم وتكنولوجيا",
    "society": "مجتمع",
}

AUTHORS = [
    ("newsdesk", "فريق التحرير"),
    ("kamal", "كمال يوسف"),
    ("suha", "سهى مراد"),
    ("nabil", "نبيل حرب"),
    ("ruba", "ربا عيسى"),
    ("adnan", "عدنان سليم"),
]

# What every newsroom writes around the facts: the common words of the whole archive.
FILLER = [
    "وأكد مسؤولون في المحافظة أن الجهات المعنية تتابع الوضع عن كثب.",
    "ويشكو المواطنون منذ أشهر من تراجع مستوى الخدمات وارتفاع تكاليف المعيشة.",
    "وتأتي هذه الخطوة في ظل ظروف اقتصادية صعبة تمر بها البلاد.",
    "وقالت مصادر محلية إن الحكومة وعدت بحلول سريعة خلال الأسابيع المقبلة.",
    "وأشار خبراء إلى أن الأزمة تحتاج إلى معالجة شاملة على المدى الطويل.",
    "ولم يصدر أي تعليق رسمي حتى ساعة إعداد هذا التقرير.",
    "ويعيش في المنطقة آلاف الأسر التي تعتمد على الدعم الحكومي.",
    "وتشهد الأسواق المحلية حركة ضعيفة منذ بداية العام.",
    "ودعت منظمات أهلية إلى تنسيق الجهود بين المؤسسات الرسمية والمجتمع المدني.",
    "وتتابع وسائل الإعلام المحلية تطورات الملف باهتمام كبير.",
    "وقال سكان تحدثوا إلينا إنهم ينتظرون نتائج ملموسة لا وعوداً جديدة.",
    "وتعد المنطقة من أكثر المناطق كثافة بالسكان في البلاد.",
    "وكانت الحكومة قد أعلنت في وقت سابق عن خطة لتحسين الخدمات العامة.",
    "ويرى محللون أن الوضع الاقتصادي يلقي بظلاله على كل القطاعات.",
    "وطالب نواب في البرلمان بمحاسبة المقصرين وكشف نتائج التحقيق للرأي العام.",
    "وتعاني المؤسسات العامة من نقص في الكوادر والتمويل منذ سنوات.",
    "وأوضح بيان رسمي أن العمل مستمر على مدار الساعة.",
    "ولفتت المصادر إلى أن الأولوية ستكون للمناطق الأكثر تضرراً.",
    "وتحدث مواطنون عن صعوبات يومية في التنقل والحصول على الخدمات الأساسية.",
    "وتزامن ذلك مع ارتفاع ملحوظ في أسعار المواد الأساسية.",
    "وأعربت فعاليات اقتصادية عن قلقها من انعكاسات القرار على الأسواق.",
    "ويأمل الأهالي أن تسهم هذه الإجراءات في تحسين ظروفهم المعيشية.",
    "وبحسب أرقام رسمية فإن نسبة البطالة بين الشباب ما زالت مرتفعة.",
    "وشدد المسؤولون على ضرورة الالتزام بالتعليمات الصادرة عن الجهات المختصة.",
    "ويقول متابعون إن الملف سيبقى مفتوحاً في انتظار قرارات حاسمة.",
    "وتشير التقديرات إلى أن الكلفة الإجمالية قد تتجاوز التوقعات الأولية.",
    "وفي سياق متصل، عقدت اللجنة المختصة اجتماعاً لمتابعة التطورات.",
    "وأضافت المصادر أن الاتصالات ما زالت جارية بين الأطراف المعنية.",
    "وتواجه البلديات صعوبات في تأمين الموارد اللازمة لمشاريعها.",
    "ويطالب الأهالي منذ سنوات بتحسين البنية التحتية في أحيائهم.",
    "وسجلت المنظمات الإنسانية ارتفاعاً في أعداد المحتاجين خلال الفترة الأخيرة.",
    "ويتوقع مراقبون أن تتضح الصورة خلال الأيام القليلة المقبلة.",
    "وأكدت الوزارة في بيانها أنها ستتخذ كل الإجراءات اللازمة.",
    "ونقلت وسائل إعلام رسمية عن مصدر حكومي أن الخطة تسير وفق الجدول المحدد.",
    "وشهدت المدينة خلال الأشهر الماضية سلسلة من الأزمات المتلاحقة.",
    "ويعمل في القطاع آلاف الموظفين الذين يترقبون القرارات الجديدة.",
    "ولم تتمكن الجهات الرسمية من تقديم أرقام دقيقة حتى الآن.",
    "وقالت الحكومة إن الأولوية هي لحماية الفئات الأضعف في المجتمع.",
    "وتتباين آراء المواطنين حول جدوى الإجراءات المعلنة.",
    "ويبقى الوضع رهن التطورات السياسية والاقتصادية في المنطقة.",
]


@dataclass
class Story:
    key: str
    section: str
    headline: str
    summary: str
    paragraphs: list[str]
    age_days: float
    author: str
    kicker: str = ""


@dataclass
class LabelledQuery:
    text: str
    story: str  # the key of the story the reader means
    kind: str
    # Date filters, as days before now (the archive's dates move with the clock).
    from_days_ago: float | None = None
    to_days_ago: float | None = None


KINDS = (
    "headline-words",
    "headline-phrase",
    "rare-name",
    "variant-spelling",
    "acronym",
    "plural-definite",
    "date-filtered",
)


# ---- kinds of stories ----------------------------------------------------------------------
#
# A frame writes one kind of story from its slots, and says how a reader would look for it.
# `key` is what makes one story of the frame itself: no two stories share it, so a query that
# names it names one story. Queries a frame cannot give are None.


@dataclass
class Written:
    headline: str
    summary: str
    body: list[str]
    queries: dict = field(default_factory=dict)
    kicker: str = ""


def _variant(text: str) -> str | None:
    """`text` with one word spelt as readers also type it, or None if none of its words has one."""
    for printed, typed in SPELLINGS.items():
        if printed in text:
            return text.replace(printed, typed, 1)
    return None


class Frame:
    name = ""
    section = ""
    #: stories of this frame recur with the same headline (storms, budgets): date-filtered
    recurring = False

    def keys(self, rng):
        """Every possible identity of a story of this kind (shuffled)."""
        raise NotImplementedError

    def write(self, rng, key, person) -> Written:
        raise NotImplementedError

    def mention(self, rng, key) -> str:
        """One sentence recalling this story in passing, for another (long) story."""
        raise NotImplementedError

    def subject(self, key):
        """(what the story was about, as a later story names it; the place it happened)."""
        raise NotImplementedError


def city_of(name):
    return next(c for c in CITIES if c[0] == name)


class ServiceCut(Frame):
    name, section = "service-cut", "local"
    SERVICES = [
        ("الكهرباء", "انقطاع التيار", "المؤسسة العامة للكهرباء", "أعطال في محطات التحويل"),
        ("المياه", "توقف الضخ", "مؤسسة المياه", "عطل في محطة الضخ الرئيسية"),
        ("الإنترنت", "انقطاع الخدمة", "الشركة السورية للاتصالات", "قطع في الكابل الضوئي"),
        ("الغاز", "نقص الأسطوانات", "شركة المحروقات", "تأخر وصول الشحنات"),
    ]
    PARTS = ["الشرقية", "الغربية", "الشمالية", "الجنوبية", "القديمة"]

    def keys(self, rng):
        keys = [(s, c[0], p) for s in range(4) for c in CITIES for p in self.PARTS]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        s, city, part = key
        service, event, company, cause = self.SERVICES[s]
        days = rng.randint(2, 9)
        headline = f"انقطاع {service} عن أحياء {city} {part} لليوم {ordinal(days)}"
        summary = (
            f"تعيش أحياء {city} {part} بلا {service} منذ {days} أيام بسبب {cause}، "
            f"والأهالي يلجؤون إلى حلول مكلفة."
        )
        body = [
            f"قال {person}، المتحدث باسم {company}، إن فرق الصيانة تعمل على إصلاح {cause.split(' في ')[0]} "
            f"وإن {service} ستعود إلى الأحياء {part} خلال يومين.",
            f"وأضاف {person} أن {event} طال أكثر من {rng.randint(10, 60)} ألف مشترك في {city}.",
            f"ويشكو سكان الأحياء {part} من أن {event} يتكرر كل شهر تقريباً.",
        ]
        words = f"انقطاع {service} {city}"
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"{words} {part}",
                "headline-phrase": f"{service} عن أحياء {city} {part}",
                "rare-name": person,
                "variant-spelling": _city_variant(city, f"{service} {city} {part}")
                or _variant(f"انقطاع {service} {city} {part}"),
                "plural-definite": f"انقطاعات {service} أحياء {city} {part}",
            },
        )

    def subject(self, key):
        s, city, part = key
        return f"انقطاع {self.SERVICES[s][0]} عن أحياء {city} {part}", city

    def mention(self, rng, key):
        s, city, part = key
        return f"وعانت أحياء {city} {part} من انقطاع {self.SERVICES[s][0]} لأيام في وقت سابق."


class NewFacility(Frame):
    name, section = "new-facility", "local"
    FACILITIES = [
        ("مستشفى", "جديد", "المستشفى", "المستشفيات", "سريراً"),
        ("مركز صحي", "جديد", "المركز الصحي", "المراكز الصحية", "عيادة"),
        ("جسر", "جديد", "الجسر", "الجسور", "متراً"),
        ("مدرسة", "جديدة", "المدرسة", "المدارس", "صفاً"),
        ("مكتبة عامة", "جديدة", "المكتبة", "المكتبات العامة", "ألف كتاب"),
        ("حديقة", "جديدة", "الحديقة", "الحدائق", "دونماً"),
        ("محطة كهرباء", "جديدة", "المحطة", "محطات الكهرباء", "ميغاواط"),
        ("مخبز آلي", "جديد", "المخبز", "المخابز", "ربطة يومياً"),
        ("ملعب", "جديد", "الملعب", "الملاعب", "ألف متفرج"),
    ]
    PLURAL_QUERY = {  # another form of the key word a reader types: only sound forms
        "مستشفى": "المستشفى الجديد",
        "مركز صحي": "المركز الصحي الجديد",
        "جسر": "الجسر الجديد",
        "مدرسة": "المدرسة الجديدة",
        "مكتبة عامة": "المكتبة العامة الجديدة",
        "حديقة": "الحديقة الجديدة",
        "محطة كهرباء": "محطات الكهرباء",
        "مخبز آلي": "المخبز الآلي",
        "ملعب": "الملعب الجديد",
    }

    def keys(self, rng):
        keys = [(f, c[0]) for f in range(len(self.FACILITIES)) for c in CITIES]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        f, city = key
        facility, new, the, plural, unit = self.FACILITIES[f]
        size = rng.randint(20, 400)
        headline = f"افتتاح {facility} {new} في {city}"
        summary = f"افتتحت السلطات المحلية في {city} {facility} {new} بسعة {size} {unit}."
        body = [
            f"وقال {person}، مدير المشروع، إن {the} سيخدم نحو {rng.randint(20, 200)} ألف نسمة.",
            f"وأشار {person} إلى أن العمل في {the} استمر {rng.randint(8, 30)} شهراً.",
            f"ويعد {the} من أكبر {plural} في المنطقة.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"افتتاح {facility} {city}",
                "headline-phrase": f"{facility} {new} في {city}",
                "rare-name": person,
                "variant-spelling": _city_variant(city, f"افتتاح {facility} {city}")
                or _variant(f"افتتاح {facility} {city}"),
                "plural-definite": f"{self.PLURAL_QUERY[facility]} {city}",
            },
        )

    def subject(self, key):
        f, city = key
        return f"افتتاح {self.FACILITIES[f][0]} {self.FACILITIES[f][1]} في {city}", city

    def mention(self, rng, key):
        f, city = key
        return f"وشهدت {city} قبل مدة افتتاح {self.FACILITIES[f][0]} {self.FACILITIES[f][1]}."


class Prices(Frame):
    name, section = "prices", "economy"
    GOODS = [
        ("الخبز", "ربطة الخبز"),
        ("الذهب", "غرام الذهب"),
        ("الخضار", "كيلو البندورة"),
        ("اللحوم", "كيلو لحم الغنم"),
        ("الأدوية", "علبة الدواء"),
        ("الإسمنت", "طن الإسمنت"),
        ("المازوت", "ليتر المازوت"),
        ("السكر", "كيلو السكر"),
        ("الأرز", "كيلو الأرز"),
        ("زيت الزيتون", "عبوة الزيت"),
    ]
    MOVES = [("ارتفاع", "ارتفع"), ("انخفاض", "انخفض")]

    def keys(self, rng):
        keys = [(g, m, c[0]) for g in range(len(self.GOODS)) for m in range(2) for c in CITIES]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        g, m, city = key
        goods, unit = self.GOODS[g]
        move, moved = self.MOVES[m]
        percent = rng.randint(5, 60)
        headline = f"{move} أسعار {goods} في أسواق {city}"
        summary = f"{moved} سعر {unit} في {city} بنسبة {percent} بالمئة خلال أسبوع واحد."
        body = [
            f"وقال {person}، عضو غرفة التجارة في {city}، إن {move} أسعار {goods} يعود إلى تقلب سعر الصرف.",
            f"وأضاف {person} أن التجار لا يستطيعون تثبيت الأسعار في ظل الظروف الحالية.",
            f"ويقول مستهلكون في أسواق {city} إن {goods} صار عبئاً على ميزانية الأسرة.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"{move} أسعار {goods} {city}",
                "headline-phrase": headline,
                "rare-name": person,
                "variant-spelling": _variant(f"{move} أسعار {goods} {city}"),
                "plural-definite": f"{move} سعر {goods} في {city}",
            },
        )

    def subject(self, key):
        g, m, city = key
        return f"{self.MOVES[m][0]} أسعار {self.GOODS[g][0]} في {city}", city

    def mention(self, rng, key):
        g, m, city = key
        return f"وكانت أسواق {city} قد شهدت {self.MOVES[m][0]} أسعار {self.GOODS[g][0]}."


class MinisterVisit(Frame):
    name, section = "minister-visit", "politics"
    MINISTRIES = ["الخارجية", "الاقتصاد", "الدفاع", "الصحة", "التربية", "النقل", "الطاقة"]
    TOPICS = [
        "التعاون التجاري",
        "ملف المياه المشتركة",
        "عودة اللاجئين",
        "أمن الحدود",
        "الربط الكهربائي",
        "شؤون الجاليات",
        "مشاريع إعادة الإعمار",
    ]

    def keys(self, rng):
        countries = list(COUNTRIES)
        keys = [
            (m, a, b)
            for m in range(len(self.MINISTRIES))
            for a in countries
            for b in countries
            if a != b
        ]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        m, a, b = key
        ministry = self.MINISTRIES[m]
        adjective = COUNTRIES[a][1]
        host = COUNTRIES[b][0]
        topic = rng.choice(self.TOPICS)
        headline = f"وزير {ministry} {adjective} يزور {host} لبحث {topic}"
        summary = f"وصل وزير {ministry} {adjective} إلى {host} في زيارة رسمية تستمر يومين."
        body = [
            f"وقال {person}، المتحدث باسم الوفد، إن المباحثات ستتناول {topic} والملفات العالقة.",
            f"وتأتي زيارة وزير {ministry} بعد أشهر من التوتر بين البلدين.",
            f"ونقل {person} عن الوزير تفاؤله بنتائج الزيارة.",
        ]
        queries = {
            "headline-words": f"وزير {ministry} {adjective} {host}",
            "headline-phrase": f"وزير {ministry} {adjective} يزور {host}",
            "rare-name": person,
        }
        variants = COUNTRIES[b][2]
        if variants:
            queries["variant-spelling"] = f"وزير {ministry} {adjective} يزور {variants[0]}"
        elif _variant(topic):
            queries["variant-spelling"] = f"وزير {ministry} {adjective} {host} {_variant(topic)}"
        return Written(headline, summary, body, queries)

    def subject(self, key):
        m, a, b = key
        visit = f"زيارة وزير {self.MINISTRIES[m]} {COUNTRIES[a][1]} إلى {COUNTRIES[b][0]}"
        return visit, COUNTRIES[b][0]

    def mention(self, rng, key):
        m, a, b = key
        return f"وسبق أن زار وزير {self.MINISTRIES[m]} {COUNTRIES[a][1]} {COUNTRIES[b][0]}."


class AgencyWarning(Frame):
    name, section = "agency-warning", "health"
    PROBLEMS = [
        ("تفشي الكوليرا", "إصابات الكوليرا", "الكوليرا"),
        ("نقص حاد في الغذاء", "نقص الغذاء", "الغذاء"),
        ("تسرب الأطفال من المدارس", "تسرب الأطفال", "الأطفال"),
        ("موجة جفاف", "الجفاف", "الجفاف"),
        ("ارتفاع معدلات سوء التغذية", "سوء التغذية", "التغذية"),
        ("انهيار القطاع الصحي", "القطاع الصحي", "الصحي"),
    ]

    def keys(self, rng):
        keys = [
            (o, p, c)
            for o in range(len(ORGANISATIONS))
            for p in range(len(self.PROBLEMS))
            for c in COUNTRIES
        ]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        o, p, country = key
        acronym, full = ORGANISATIONS[o]
        problem, short, word = self.PROBLEMS[p]
        name = COUNTRIES[country][0]
        # Half the stories name the organisation in full, half by its acronym.
        printed, other = (full, acronym) if rng.random() < 0.5 else (acronym, full)
        warns = "يحذر" if printed.startswith("مكتب") else "تحذر"
        headline = f"{printed} {warns} من {problem} في {name}"
        summary = f"قالت {printed} إن الوضع في {name} ينذر بكارثة إذا لم يصل التمويل اللازم."
        body = [
            f"وقال {person}، ممثل {printed} في {name}، إن {short} بلغ مستويات غير مسبوقة.",
            f"ودعا {person} المانحين إلى الوفاء بتعهداتهم قبل فوات الأوان.",
            f"ويعمل موظفو {printed} في {name} منذ سنوات بالتعاون مع السلطات المحلية.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"{printed} {short} {name}",
                "headline-phrase": headline,
                "rare-name": person,
                "acronym": f"{other} {word} {name}",
                "variant-spelling": _variant(f"{printed} {short} {name}"),
            },
        )

    def subject(self, key):
        o, p, country = key
        name = COUNTRIES[country][0]
        return f"تحذير {ORGANISATIONS[o][0]} من {self.PROBLEMS[p][0]} في {name}", name

    def mention(self, rng, key):
        o, p, country = key
        return (
            f"وكانت {ORGANISATIONS[o][0]} قد حذرت من {self.PROBLEMS[p][0]} في "
            f"{COUNTRIES[country][0]}."
        )


class Match(Frame):
    name, section = "match", "sport"
    CLUBS = [
        "الوحدة",
        "الجيش",
        "الكرامة",
        "الاتحاد",
        "تشرين",
        "الفيصلي",
        "الوداد",
        "الرجاء",
        "الأهلي",
        "الزمالك",
        "الهلال",
        "النصر",
        "العين",
        "السد",
        "الترجي",
        "الصفاقسي",
        "الشرطة",
        "الزوراء",
    ]
    CUPS = ["الدوري", "كأس الاتحاد", "دوري أبطال آسيا", "البطولة العربية"]

    def keys(self, rng):
        keys = [(a, b) for i, a in enumerate(self.CLUBS) for b in self.CLUBS[i + 1 :]]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        a, b = key if rng.random() < 0.5 else key[::-1]
        cup = rng.choice(self.CUPS)
        goals = rng.randint(1, 4)
        headline = f"{a} يفوز على {b} في {cup}"
        summary = f"حقق فريق {a} فوزاً ثميناً على ضيفه {b} بنتيجة {goals} مقابل هدف."
        body = [
            f"وسجل {person} هدف {a} الأول في الدقيقة {rng.randint(5, 85)}.",
            f"وقال {person} بعد المباراة إن الفريق قدم أفضل مبارياته هذا الموسم.",
            f"وبهذا الفوز يرتقي {a} إلى المركز {ordinal(rng.randint(2, 6))} في ترتيب {cup}.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"{a} {b}",
                "headline-phrase": f"{a} يفوز على {b}",
                "rare-name": person,
            },
        )

    def subject(self, key):
        return f"مباراة {key[0]} و{key[1]}", key[0]

    def mention(self, rng, key):
        return f"وكان {key[0]} قد فاز على {key[1]} في لقاء سابق."


class Festival(Frame):
    name, section = "festival", "culture"
    EVENTS = [
        ("مهرجان المسرح", "عرضاً مسرحياً", "المهرجانات المسرحية"),
        ("معرض الكتاب", "دار نشر", "معارض الكتب"),
        ("مهرجان السينما", "فيلماً", "مهرجانات السينما"),
        ("ملتقى الشعر", "شاعراً", "ملتقيات الشعر"),
        ("مهرجان الموسيقى الشرقية", "فرقة", "مهرجانات الموسيقى"),
        ("معرض الفن التشكيلي", "فناناً", "معارض الفنون"),
    ]

    def keys(self, rng):
        keys = [(e, c[0]) for e in range(len(self.EVENTS)) for c in CITIES]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        e, city = key
        event, guests, plural = self.EVENTS[e]
        n = rng.randint(12, 180)
        headline = f"انطلاق {event} في {city} بمشاركة {n} {guests}"
        summary = f"افتتح في {city} {event} بحضور جمهور كبير ويستمر عشرة أيام."
        body = [
            f"وقالت {person}، مديرة {event}، إن الدورة الحالية تحتفي بالمواهب الشابة.",
            f"وأضافت {person} أن {event} يستقبل زواره يومياً حتى ساعات المساء.",
            f"ويعد {event} في {city} من أعرق {plural} في المنطقة.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"{event} {city}",
                "headline-phrase": f"انطلاق {event} في {city}",
                "rare-name": person,
                "variant-spelling": _city_variant(city, f"{event} {city}"),
            },
        )

    def subject(self, key):
        return f"{self.EVENTS[key[0]][0]} في {key[1]}", key[1]

    def mention(self, rng, key):
        return f"وشارك في {self.EVENTS[key[0]][0]} في {key[1]} العام الماضي."


class Campaign(Frame):
    name, section = "campaign", "health"
    CAMPAIGNS = [
        ("حملة تلقيح ضد شلل الأطفال", "حملات التلقيح", "الأطفال دون الخامسة"),
        ("حملة للكشف المبكر عن سرطان الثدي", "حملات الكشف المبكر", "النساء فوق الأربعين"),
        ("حملة للتبرع بالدم", "حملات التبرع بالدم", "الشباب"),
        ("حملة توعية بمخاطر المخدرات", "حملات التوعية", "طلاب المدارس"),
        ("حملة لمكافحة الليشمانيا", "حملات المكافحة", "سكان الأرياف"),
    ]

    def keys(self, rng):
        keys = [(c, city[0]) for c in range(len(self.CAMPAIGNS)) for city in CITIES]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        c, city = key
        campaign, plural, target = self.CAMPAIGNS[c]
        headline = f"{campaign} تستهدف {target} في {city}"
        summary = f"أطلقت مديرية الصحة في {city} {campaign} تستمر أسبوعين."
        body = [
            f"وقال {person}، مدير الصحة في {city}، إن الفرق الجوالة ستصل إلى كل الأحياء.",
            f"وأضاف {person} أن {plural} السابقة حققت نتائج مشجعة.",
            f"ودعا {person} الأهالي إلى التعاون مع الفرق الصحية.",
        ]
        first = campaign.split()[1:4]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"{' '.join(first)} {city}",
                "headline-phrase": f"تستهدف {target} في {city}",
                "rare-name": person,
                "plural-definite": f"{plural} {city}",
                "variant-spelling": _city_variant(city, f"{' '.join(first)} {city}")
                or _variant(f"{' '.join(first)} {city}"),
            },
        )

    def subject(self, key):
        return f"{self.CAMPAIGNS[key[0]][0]} في {key[1]}", key[1]

    def mention(self, rng, key):
        return f"ونظمت {key[1]} في السابق {self.CAMPAIGNS[key[0]][0]}."


class Trial(Frame):
    name, section = "trial", "politics"
    CRIMES = [
        ("الفساد", "مسؤول سابق في وزارة النقل", "قضايا الفساد"),
        ("الاختلاس", "مدير مصرف حكومي", "قضايا الاختلاس"),
        ("تهريب الآثار", "تاجر آثار", "قضايا التهريب"),
        ("التزوير", "موظف في السجل المدني", "قضايا التزوير"),
        ("غسل الأموال", "رجل أعمال", "قضايا غسل الأموال"),
    ]

    def keys(self, rng):
        return [None] * 400

    def write(self, rng, key, person):
        c = rng.randrange(len(self.CRIMES))
        crime, who, plural = self.CRIMES[c]
        years = rng.randint(3, 15)
        headline = f"الحكم على {person} بالسجن {years} سنوات بتهمة {crime}"
        summary = f"أصدرت محكمة الجنايات حكمها على {who} بعد محاكمة استمرت أشهراً."
        body = [
            f"وكان {person} قد أوقف قبل عامين في إطار حملة على {plural}.",
            f"وقال محامي {person} إنه سيطعن في الحكم أمام محكمة النقض.",
            "وأثارت القضية اهتماماً واسعاً في الأوساط الشعبية.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "rare-name": person,
                "headline-words": f"الحكم {person} {crime}",
                "variant-spelling": _name_variant(person, f"الحكم على {person}"),
            },
        )

    def subject(self, key):
        return None

    def mention(self, rng, key):
        return ""


class Storm(Frame):
    """The same storm comes back every winter to the same places, with the same headline."""

    name, section, recurring = "storm", "local", True
    STORMS = [
        ("عاصفة ثلجية", "الثلوج"),
        ("موجة حر", "الحرارة"),
        ("سيول جارفة", "السيول"),
        ("عاصفة رملية", "الغبار"),
    ]

    def keys(self, rng):
        keys = [(s, c[0], year) for s in range(4) for c in CITIES for year in range(6)]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        s, city, _ = key
        storm, effect = self.STORMS[s]
        headline = f"{storm} تضرب {city} وتحذيرات للسكان"
        summary = f"ضربت {storm} مدينة {city} وسط تحذيرات من ارتفاع {effect}."
        body = [
            f"وقال {person}، رئيس مركز الأرصاد في {city}، إن {storm} ستستمر حتى نهاية الأسبوع.",
            f"ودعا {person} السكان إلى تجنب التنقل إلا للضرورة.",
            f"وتتعرض {city} لمثل هذه الأحوال الجوية في الموسم نفسه من كل عام.",
        ]
        return Written(
            headline,
            summary,
            body,
            {"date-filtered": f"{storm} {city}", "rare-name": person},
        )

    def subject(self, key):
        return f"{self.STORMS[key[0]][0]} التي ضربت {key[1]}", key[1]

    def mention(self, rng, key):
        return f"وتذكر الأهالي {self.STORMS[key[0]][0]} التي ضربت {key[1]}."


class Budget(Frame):
    """Each country's budget, once a year, always with the same words."""

    name, section, recurring = "budget", "economy", True

    def keys(self, rng):
        keys = [(c, year) for c in COUNTRIES for year in range(6)]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        country, _ = key
        name, adjective, _ = COUNTRIES[country]
        amount = rng.randint(2, 90)
        headline = f"الحكومة في {name} تقر موازنة العام الجديد"
        summary = f"أقرت الحكومة موازنة بقيمة {amount} مليار دولار مع عجز متوقع."
        body = [
            f"وقال {person}، وزير المالية، إن الموازنة تعطي الأولوية للرواتب والدعم.",
            f"وانتقد نواب في البرلمان {adjective} حجم العجز في الموازنة.",
            f"وأشار {person} إلى أن الإيرادات النفطية ستغطي جزءاً من النفقات.",
        ]
        return Written(
            headline, summary, body, {"date-filtered": f"موازنة {name}", "rare-name": person}
        )

    def subject(self, key):
        name = COUNTRIES[key[0]][0]
        return f"موازنة الحكومة في {name}", name

    def mention(self, rng, key):
        return f"وأقرت الحكومة في {COUNTRIES[key[0]][0]} موازنتها بعد نقاش طويل."


class Exams(Frame):
    name, section, recurring = "exams", "society", True
    EXAMS = ["الشهادة الثانوية", "شهادة التعليم الأساسي", "البكالوريا"]

    def keys(self, rng):
        keys = [(e, c, year) for e in range(3) for c in COUNTRIES for year in range(6)]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        e, country, _ = key
        exam = self.EXAMS[e]
        name = COUNTRIES[country][0]
        rate = rng.randint(40, 95)
        headline = f"صدور نتائج امتحانات {exam} في {name}"
        summary = f"بلغت نسبة النجاح في امتحانات {exam} {rate} بالمئة بحسب وزارة التربية."
        body = [
            f"وقال {person}، مدير الامتحانات، إن النتائج متاحة على موقع الوزارة.",
            f"وأشار {person} إلى تحسن نسبة النجاح مقارنة بالعام الماضي.",
            "واحتفل الطلاب وذووهم بالنتائج في الشوارع حتى ساعات متأخرة.",
        ]
        return Written(
            headline,
            summary,
            body,
            # The same headline comes back every year: only a date tells them apart.
            {"date-filtered": f"نتائج {exam} {name}", "rare-name": person},
        )

    def subject(self, key):
        name = COUNTRIES[key[1]][0]
        return f"نتائج امتحانات {self.EXAMS[key[0]]} في {name}", name

    def mention(self, rng, key):
        return f"وصدرت نتائج {self.EXAMS[key[0]]} في {COUNTRIES[key[1]][0]} قبل أسابيع."


class OilDeal(Frame):
    name, section = "oil-deal", "economy"
    PROJECTS = [
        ("مصفاة نفط", "المصفاة"),
        ("حقل غاز", "الحقل"),
        ("خط أنابيب", "الخط"),
        ("محطة طاقة شمسية", "المحطة"),
        ("ميناء نفطي", "الميناء"),
    ]

    def keys(self, rng):
        keys = [
            (o, p, c)
            for o in range(len(COMPANIES))
            for p in range(len(self.PROJECTS))
            for c in COUNTRIES
        ]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        o, p, country = key
        acronym, full = COMPANIES[o]
        project, the = self.PROJECTS[p]
        name = COUNTRIES[country][0]
        printed, other = (full, acronym) if rng.random() < 0.5 else (acronym, full)
        billions = rng.randint(1, 12)
        headline = f"{printed} توقع اتفاقاً لإنشاء {project} في {name}"
        summary = f"تبلغ كلفة {the} نحو {billions} مليارات دولار ويبدأ العمل فيه العام المقبل."
        body = [
            f"وقال {person}، المسؤول في {printed}، إن {the} سيوفر آلاف فرص العمل.",
            f"وأضاف {person} أن الاتفاق جاء بعد مفاوضات استمرت عاماً.",
            "ورحبت الأوساط الاقتصادية بالاتفاق معتبرة أنه يعزز الاستثمار.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "acronym": f"{other} {project} {name}",
                "headline-words": f"{printed} {project} {name}",
                "rare-name": person,
            },
        )

    def subject(self, key):
        o, p, country = key
        name = COUNTRIES[country][0]
        return f"اتفاق {COMPANIES[o][0]} لإنشاء {self.PROJECTS[p][0]} في {name}", name

    def mention(self, rng, key):
        return f"ووقعت {COMPANIES[key[0]][0]} اتفاقات مماثلة في المنطقة."


class BlocSummit(Frame):
    name, section = "bloc-summit", "politics"
    ISSUES = [
        "الأمن الغذائي",
        "أزمة الطاقة",
        "مكافحة الإرهاب",
        "التغير المناخي",
        "الأزمة في السودان",
        "ملف اللاجئين",
    ]

    def keys(self, rng):
        keys = [(i, c[0]) for i in range(len(self.ISSUES)) for c in CITIES]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        i, city = key
        acronym, full, holds_short, holds_full = BLOCS[rng.randrange(len(BLOCS))]
        issue = self.ISSUES[i]
        if rng.random() < 0.5:
            printed, holds, other = full, holds_full, acronym
        else:
            printed, holds, other = acronym, holds_short, full
        headline = f"{printed} {holds} اجتماعاً طارئاً في {city} لبحث {issue}"
        summary = f"يبدأ في {city} اجتماع طارئ يضم وزراء ومسؤولين من الدول الأعضاء في {printed}."
        body = [
            f"وقال {person}، المتحدث باسم {printed}، إن الاجتماع سيخرج بتوصيات عملية.",
            f"وأضاف {person} أن {issue} يتصدر جدول الأعمال.",
            "ويرى مراقبون أن الاجتماع يأتي في توقيت بالغ الحساسية.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "acronym": f"اجتماع {other} {city} {issue}",
                "headline-words": f"اجتماع {printed} {city} {issue}",
                "headline-phrase": f"اجتماعاً طارئاً في {city} لبحث {issue}",
                "rare-name": person,
            },
        )

    def subject(self, key):
        return f"الاجتماع الطارئ في {key[1]} لبحث {self.ISSUES[key[0]]}", key[1]

    def mention(self, rng, key):
        return f"وعقد اجتماع إقليمي في {key[1]} لبحث {self.ISSUES[key[0]]}."


class TechLaunch(Frame):
    name, section = "tech-launch", "tech"
    PRODUCTS = [
        ("غوغل", "خدمة خرائط بالعربية"),
        ("فيسبوك", "أداة للتحقق من الأخبار"),
        ("واتساب", "ميزة الدفع الإلكتروني"),
        ("يوتيوب", "منصة للتعليم عن بعد"),
    ]
    APPS = [
        "حجز المواعيد في المستشفيات",
        "دفع فواتير الكهرباء",
        "متابعة أسعار الخضار",
        "الإبلاغ عن الأعطال",
        "تسجيل الطلاب في الجامعات",
    ]

    def keys(self, rng):
        keys = [("p", p, c) for p in range(4) for c in COUNTRIES] + [
            ("a", a, c) for a in range(len(self.APPS)) for c in COUNTRIES
        ]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        kind, i, country = key
        name = COUNTRIES[country][0]
        if kind == "p":
            company, product = self.PRODUCTS[i]
            headline = f"{company} تطلق {product} للمستخدمين في {name}"
            summary = f"أعلنت {company} عن إطلاق {product} بعد أشهر من التجارب."
            words = f"{company} {product.split()[0]} {name}"
        else:
            app = self.APPS[i]
            headline = f"إطلاق تطبيق إلكتروني لـ{app} في {name}"
            summary = f"أطلقت الحكومة في {name} تطبيقاً على الهواتف الذكية لـ{app}."
            words = f"تطبيق {app} {name}"
        body = [
            f"وقال {person}، مدير المشروع، إن الخدمة تعمل عبر الإنترنت على مدار الساعة.",
            f"وأضاف {person} أن عدد المستخدمين تجاوز {rng.randint(10, 900)} ألفاً في الأسبوع الأول.",
            "ويأمل القائمون على المشروع أن يخفف الازدحام في الدوائر الحكومية.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": words,
                "rare-name": person,
                "variant-spelling": _variant(words),
                "plural-definite": f"التطبيقات الإلكترونية {self.APPS[i]} {name}"
                if kind == "a"
                else None,
            },
        )

    def subject(self, key):
        kind, i, country = key
        name = COUNTRIES[country][0]
        if kind == "p":
            return f"إطلاق {self.PRODUCTS[i][0]} {self.PRODUCTS[i][1]} في {name}", name
        return f"تطبيق {self.APPS[i]} في {name}", name

    def mention(self, rng, key):
        return "وانتشرت تطبيقات مماثلة في عدد من الدول العربية."


class Protest(Frame):
    name, section = "protest", "society"
    GROUPS = [
        ("المعلمين", "المعلمون", "رفع الأجور"),
        ("الأطباء المقيمين", "الأطباء", "تحسين ظروف العمل"),
        ("المزارعين", "المزارعون", "دعم أسعار المحاصيل"),
        ("سائقي سيارات الأجرة", "السائقون", "خفض أسعار الوقود"),
        ("المتقاعدين", "المتقاعدون", "زيادة المعاشات"),
        ("عمال النظافة", "العمال", "تثبيتهم في وظائفهم"),
    ]

    def keys(self, rng):
        keys = [(g, c[0]) for g in range(len(self.GROUPS)) for c in CITIES]
        rng.shuffle(keys)
        return keys

    def write(self, rng, key, person):
        g, city = key
        group, subject, demand = self.GROUPS[g]
        to_group = "لل" + group[2:] if group.startswith("ال") else "ل" + group
        headline = f"اعتصام {to_group} في {city} للمطالبة ب{demand}"
        summary = f"تجمع مئات من {group} أمام مبنى المحافظة في {city}."
        body = [
            f"وقال {person}، أحد منظمي الاعتصام، إن {subject} لن يتراجعوا قبل تحقيق مطالبهم.",
            f"وأضاف {person} أن الاعتصام سيتحول إلى إضراب مفتوح إذا لم تستجب الحكومة.",
            "ووعد المحافظ بنقل المطالب إلى الوزارة المختصة.",
        ]
        return Written(
            headline,
            summary,
            body,
            {
                "headline-words": f"اعتصام {group} {city}",
                "headline-phrase": headline.split(" للمطالبة")[0],
                "rare-name": person,
                "plural-definite": f"اعتصامات {group} في {city}",
                "variant-spelling": _city_variant(city, f"اعتصام {group} {city}"),
            },
        )

    def subject(self, key):
        return f"اعتصام {self.GROUPS[key[0]][0]} في {key[1]}", key[1]

    def mention(self, rng, key):
        return f"واعتصم {self.GROUPS[key[0]][1]} في {key[1]} في وقت سابق."


FRAMES = [
    ServiceCut(),
    NewFacility(),
    Prices(),
    MinisterVisit(),
    AgencyWarning(),
    Match(),
    Festival(),
    Campaign(),
    Trial(),
    Storm(),
    Budget(),
    Exams(),
    OilDeal(),
    BlocSummit(),
    TechLaunch(),
    Protest(),
]

# How many stories of each kind, out of 100: the archive's mix.
MIX = {
    "service-cut": 10,
    "new-facility": 7,
    "prices": 10,
    "minister-visit": 8,
    "agency-warning": 7,
    "match": 7,
    "festival": 6,
    "campaign": 5,
    "trial": 5,
    "storm": 6,
    "budget": 4,
    "exams": 4,
    "oil-deal": 4,
    "bloc-summit": 5,
    "tech-launch": 5,
    "protest": 7,
}

ORDINALS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]


def ordinal(n):
    return ORDINALS[n - 1]


def _city_variant(city, text):
    """`text` with the city spelt the other way readers spell it (أبو ظبي for أبوظبي)."""
    other = city_of(city)[2]
    return text.replace(city, other, 1) if other else None


def _name_variant(person, text):
    """A name as readers type it: عبد الرحمن in one word, or without its hamza (مؤيد → مويد)."""
    if person.startswith("عبد "):
        return text.replace("عبد ", "عبد", 1)
    for printed, typed in (("ؤ", "و"), ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ئ", "ي")):
        if printed in person:
            return text.replace(person, person.replace(printed, typed, 1), 1)
    return None


# ---- follow-ups: later stories that talk about an earlier one -------------------------------

# A newsroom comes back to a story: a report, a round-up, a column. Their headlines name the
# place; their bodies name the earlier story's subject again and again.
FOLLOW_UP_HEADLINES = [
    "أسئلة معلقة في {place} بعد أشهر من الوعود",
    "تقرير: ماذا تغير في {place} خلال عام",
    "{place}: الأهالي بين الأمل والانتظار",
    "نقاش في {place} حول أولويات المرحلة المقبلة",
    "قراءة في أحداث الأسبوع في {place}",
    "جولة في {place} بعد موسم صعب",
    "مواطنون في {place} يروون يومياتهم",
]
FOLLOW_UP_SENTENCES = [
    "وما زال {subject} يثير جدلاً واسعاً بين الأهالي.",
    "ويقول متابعون إن {subject} كشف حجم المشكلات المتراكمة.",
    "وكانت وسائل الإعلام قد تابعت {subject} بالتفصيل في حينه.",
    "ويتساءل كثيرون عما تغير منذ {subject}.",
    "ويرى آخرون أن {subject} لم يكن إلا حلقة في سلسلة طويلة.",
]
#: Out of 100 stories, this many are follow-ups of an earlier one.
FOLLOW_UPS = 15


def _follow_up(rng, subject, place, person):
    headline = rng.choice(FOLLOW_UP_HEADLINES).format(place=place)
    said = rng.sample(FOLLOW_UP_SENTENCES, 3)
    body = [
        f"{said[0].format(subject=subject)} {' '.join(rng.sample(FILLER, 2))}",
        f"وقال {person} إن الناس ما زالوا يتحدثون عن ذلك. {said[1].format(subject=subject)}",
        f"{' '.join(rng.sample(FILLER, 2))} {said[2].format(subject=subject)}",
    ]
    summary = f"بعد مدة من {subject}، عدنا إلى {place} لنسأل الأهالي عن أحوالهم."
    return headline, summary, body


# ---- the archive ---------------------------------------------------------------------------

YEARS = 6
#: A year's stories of a recurring kind fall in this part of the year (a season), so two years
#: of the same storm are months apart.
SEASON_DAYS = 60
#: One story in this many is long: 30 to 60 sentences, most of them background.
LONG_EVERY = 10


def _people(rng):
    names = [f"{first} {family}" for first in FIRST_NAMES for family in FAMILY_NAMES]
    rng.shuffle(names)
    return names


def build(articles=2000, seed=1616, queries_per_kind=30):
    """(stories, labelled queries): the archive and what readers search it for."""
    rng = random.Random(seed)
    people = iter(_people(rng))
    by_frame = {frame.name: frame for frame in FRAMES}
    total = sum(MIX.values())
    plan = []
    for name, share in MIX.items():
        frame = by_frame[name]
        keys = frame.keys(rng)
        plan += [(frame, key) for key in keys[: max(1, round(articles * share / total))]]
    rng.shuffle(plan)
    follow_ups = articles * FOLLOW_UPS // 100
    plan = plan[: articles - follow_ups]

    stories, written, mentions = [], {}, []
    for n, (frame, key) in enumerate(plan):
        person = next(people)
        text = frame.write(rng, key, person)
        if frame.recurring:
            year = key[-1]
            age = (YEARS - 1 - year) * 365 + rng.uniform(0, SEASON_DAYS) + 5
        else:
            age = rng.uniform(0.2, YEARS * 365)
        story = Story(
            key=f"{frame.name}-{n}",
            section=frame.section,
            headline=text.headline,
            summary=text.summary,
            paragraphs=[],
            age_days=age,
            author=AUTHORS[n % len(AUTHORS)][0],
            kicker=text.kicker,
        )
        story.paragraphs = _body(rng, text.body)
        stories.append(story)
        written[story.key] = (frame, key, text, person)
        if text and frame.mention(rng, key):
            mentions.append((frame.mention(rng, key), person, story.key))

    # Follow-ups: newer stories about earlier ones, the subject named in their bodies.
    for n, story in enumerate(rng.sample(stories, follow_ups), start=len(stories)):
        frame, key, text, person = written[story.key]
        subject = frame.subject(key)
        if subject is None:  # a trial: the follow-up is about the person
            subject = (f"قضية {person}", rng.choice(CITIES)[0])
        headline, summary, body = _follow_up(rng, *subject, next(people))
        follow_up = Story(
            key=f"follow-up-{n}",
            section=story.section,
            headline=headline,
            summary=summary,
            paragraphs=body,
            age_days=max(story.age_days - rng.uniform(5, 300), 0.1),
            author=AUTHORS[n % len(AUTHORS)][0],
        )
        stories.append(follow_up)
        written[follow_up.key] = (None, None, Written(headline, summary, body), None)

    # Long stories recall others in passing: a place, a person, an event named once.
    mentioned_by = {}
    for n, story in enumerate(stories):
        if n % LONG_EVERY != LONG_EVERY // 2:
            continue
        extra = [rng.choice(FILLER) for _ in range(rng.randint(30, 60))]
        for sentence, person, source in rng.sample(mentions, 4):
            if source == story.key:
                continue
            extra.insert(rng.randrange(len(extra)), sentence)
            if mentioned_by.setdefault(person, 0) < 2:
                extra.insert(
                    rng.randrange(len(extra)), f"وفي حديث سابق قال {person} إن الأمر يتكرر."
                )
                mentioned_by[person] += 1
        story.paragraphs += [" ".join(extra[i : i + 6]) for i in range(0, len(extra), 6)]

    return stories, _label(rng, stories, written, queries_per_kind)


def _body(rng, facts):
    """The story's facts in order, each paragraph padded with the newsroom's common words."""
    paragraphs = []
    for fact in facts:
        padding = rng.sample(FILLER, rng.randint(1, 3))
        paragraphs.append(" ".join([fact, *padding]))
    return paragraphs


def _label(rng, stories, written, per_kind):
    """Up to `per_kind` labelled queries of each kind, each for a different story."""
    queries = []
    order = list(stories)
    rng.shuffle(order)
    for kind in KINDS:
        found = 0
        for story in order:
            if found == per_kind:
                break
            frame, key, text, person = written[story.key]
            query = text.queries.get(kind)
            if not query:
                continue
            labelled = LabelledQuery(query, story.key, kind)
            if kind == "date-filtered":
                # The season the story appeared in, as a reader narrows a search to it.
                labelled.from_days_ago = story.age_days + 15
                labelled.to_days_ago = max(story.age_days - 15, 0)
            queries.append(labelled)
            found += 1
    return queries


# ---- into the database ---------------------------------------------------------------------


def load(stories):
    """Publish the archive in bulk (as an import does) and index it: {story key: article id}.

    Publishing thousands of pages one by one takes minutes and measures nothing here; the rows
    are the ones Wagtail's publishing writes, and the index is built by the search backends.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backends

    from nashir.news.models import ArticleByline, ArticlePage, HomePage, SectionPage
    from nashir.ops import upkeep
    from nashir.people.models import Author

    home = HomePage.objects.get()
    sections = {}
    for slug, title in SECTIONS.items():
        section = SectionPage.objects.filter(slug=slug).first()
        if section is None:
            section = home.add_child(instance=SectionPage(title=title, slug=slug))
        sections[slug] = section
    authors = {
        slug: Author.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in AUTHORS
    }
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    now = timezone.now()
    fields = list(ArticlePage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    insert = (
        f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    ids = {}
    # Oldest first, as an archive is built up (the index keeps publishing order).
    ordered = sorted(stories, key=lambda s: -s.age_days)
    by_section = {slug: [s for s in ordered if s.section == slug] for slug in SECTIONS}
    with transaction.atomic():
        for slug, section_stories in by_section.items():
            section = sections[slug]
            start = section.numchild
            pages, articles = [], []
            for i, story in enumerate(section_stories, start=start):
                when = now - timedelta(days=story.age_days)
                pages.append(
                    Page(
                        title=story.headline,
                        slug=f"{slug}-{i}",
                        content_type_id=content_type_id,
                        path=Page._get_path(section.path, section.depth + 1, i + 1),
                        depth=section.depth + 1,
                        live=True,
                        has_unpublished_changes=False,
                        url_path=f"{section.url_path}{slug}-{i}/",
                        first_published_at=when,
                        last_published_at=when,
                        locale_id=section.locale_id,
                        draft_title=story.headline,
                    )
                )
                articles.append(
                    ArticlePage(
                        kicker=story.kicker,
                        summary=story.summary,
                        body=[
                            {"type": "paragraph", "value": f"<p>{p}</p>"} for p in story.paragraphs
                        ],
                        published_at=when,
                        section_id=section.pk,
                    )
                )
            Page.objects.bulk_create(pages)
            rows = []
            for page, article, story in zip(pages, articles, section_stories, strict=True):
                article.page_ptr_id = page.pk
                ids[story.key] = page.pk
                rows.append(
                    [f.get_db_prep_save(getattr(article, f.attname), connection) for f in fields]
                )
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
            ArticleByline.objects.bulk_create(
                ArticleByline(article_id=page.pk, author=authors[story.author], sort_order=0)
                for page, story in zip(pages, section_stories, strict=True)
            )
            Page.objects.filter(pk=section.pk).update(numchild=start + len(pages))
        # Index in publishing order, as articles reach the index one by one in a newsroom.
        order = [ids[story.key] for story in ordered]
        backends = list(get_search_backends(with_auto_update=True))
        for begin in range(0, len(order), 500):
            chunk = order[begin : begin + 500]
            found = ArticlePage.get_indexed_objects().in_bulk(chunk)
            pages = [found[pk] for pk in chunk]
            for backend in backends:
                backend.add_bulk(ArticlePage, pages)
    upkeep.run(force=True)
    return ids
