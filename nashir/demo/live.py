"""The demo newsroom's live coverage: a (fictional) snowstorm, followed entry by entry.

Written for nashir's demo; every name, figure and quote here is invented.
"""

from datetime import timedelta

from django.utils.html import escape

from nashir.live.models import LiveCoveragePage, LiveEntry

PAGE = {
    "slug": "snowstorm-live",
    "section": "syria",
    "title": "تغطية مباشرة: عاصفة ثلجية تقطع طرقاً في الساحل والقلمون وتغلق المدارس",
    "summary": "منخفض قطبي يجلب ثلوجاً كثيفة إلى المرتفعات وأمطاراً غزيرة إلى الساحل. نتابع لحظة بلحظة حال الطرق والكهرباء والمدارس والتحذيرات.",
    "authors": ["newsroom", "rami-haddad"],
    "tags": ["الطقس", "الطرق", "الكهرباء"],
    "image_caption": "ثلوج على طريق جبلي صباح اليوم",
    "image_credit": "ناشر",
    "highlights": [
        "الثلوج تغلق طريق حمص–طرطوس عند المرتفعات وطريقين في القلمون.",
        "تعليق الدوام في مدارس أربع محافظات غداً.",
        "انقطاع الكهرباء عن قرى جبلية بعد سقوط أعمدة، والورشات في الطريق.",
        "الأرصاد: العاصفة تبلغ ذروتها الليلة وتنحسر بعد ظهر الغد.",
    ],
    "background": [
        "يؤثر على البلاد منذ مساء أمس منخفض جوي قطبي مصحوب بكتلة هوائية شديدة البرودة، تتساقط معه الثلوج على المرتفعات التي يزيد ارتفاعها على ثمانمئة متر، وتهطل أمطار غزيرة على المناطق الساحلية والداخلية.",
        "تتابع غرفة الأخبار في ناشر مع مراسليها في المحافظات حال الطرق والكهرباء والمياه والمدارس، وتنشر هنا كل جديد فور التحقق منه.",
    ],
    "read_also": "aleppo-pumping-station-outage",
}

#: (minutes before now, author slug or None, title, text, marks). Oldest first.
ENTRIES = [
    (
        330,
        "newsroom",
        "بداية التغطية",
        "نبدأ تغطيتنا المباشرة للعاصفة الثلجية. مراسلونا في حمص وطرطوس والقلمون وحلب يوافوننا بالتطورات طوال اليوم.",
        "",
    ),
    (
        322,
        "newsroom",
        "",
        "مديرية الأرصاد الجوية: المنخفض يشتد خلال ساعات، وتوقعات بتراكم الثلوج بين عشرين وأربعين سنتيمتراً على المرتفعات الغربية.",
        "",
    ),
    (
        310,
        "rami-haddad",
        "",
        "في حلب أمطار غزيرة منذ الفجر ورياح قوية. لا ثلوج داخل المدينة حتى الآن، لكن درجة الحرارة تقترب من الصفر.",
        "",
    ),
    (
        298,
        "yousef-darwish",
        "",
        "على طريق حمص–طرطوس بدأت الثلوج تتراكم عند منطقة الحواش. شرطة المرور تطلب من السائقين التريث وعدم السفر إلا للضرورة.",
        "",
    ),
    (
        285,
        "newsroom",
        "إغلاق طريق حمص–طرطوس",
        "أُغلق طريق حمص–طرطوس عند المرتفعات في الاتجاهين بسبب تراكم الثلوج وانزلاق عدد من السيارات. لا إصابات حتى الآن وفق شرطة المرور.",
        "breaking",
    ),
    (
        276,
        "yousef-darwish",
        "",
        "آليات كاسحة للثلوج تتجه من حمص إلى المقطع المغلق. عشرات السيارات عالقة، ومتطوعون يوزعون الشاي والبطانيات على الركاب.",
        "",
    ),
    (
        262,
        "newsroom",
        "",
        "وزارة التربية: تعليق الدوام في مدارس محافظات حمص وطرطوس وريف دمشق والسويداء يوم غد، على أن تُعوَّض الحصص لاحقاً.",
        "pinned",
    ),
    (
        250,
        "lina-sabbagh",
        "",
        "أسعار المازوت في السوق الموازية ترتفع مع بدء العاصفة، وباعة في دمشق يتحدثون عن طلب مضاعف على أسطوانات الغاز منذ الصباح.",
        "",
    ),
    (
        241,
        "rami-haddad",
        "",
        "فرق الدفاع المدني في حلب تضخ مياه الأمطار من أقبية عدد من المباني في الأحياء المنخفضة بعد امتلاء شبكة الصرف.",
        "",
    ),
    (
        229,
        "newsroom",
        "",
        "شركة الكهرباء: سقوط أعمدة في ثلاث قرى جبلية بريف طرطوس قطع التيار عنها. الورشات تنتظر فتح الطريق للوصول إليها.",
        "",
    ),
    (
        217,
        "yousef-darwish",
        "",
        "وصلت الكاسحات إلى منطقة الحواش وبدأت فتح مسرب واحد. الطريق لا يزال مغلقاً أمام حركة السير العادية.",
        "",
    ),
    (
        205,
        "newsroom",
        "",
        "الهلال الأحمر يفتح مركزين للإيواء المؤقت في قرى قريبة من الطريق المغلق للعالقين الذين لا يستطيعون العودة.",
        "",
    ),
    (
        194,
        "omar-khatib",
        "",
        "اتحاد كرة القدم يؤجل مباراتين من الدوري كانتا مقررتين مساء اليوم في حمص واللاذقية بسبب الأحوال الجوية.",
        "",
    ),
    (
        182,
        "newsroom",
        "",
        "في القلمون أُغلق طريقان فرعيان بين البلدات. ثلوج بارتفاع ثلاثين سنتيمتراً في بعض الأحياء المرتفعة.",
        "",
    ),
    (
        170,
        "hala-mansour",
        "",
        "مسرح في دمشق يؤجل عرض الليلة ويعد حاملي التذاكر بعرض بديل الأسبوع المقبل.",
        "",
    ),
    (
        158,
        "yousef-darwish",
        "",
        "أحد العالقين على الطريق قال لنا إنه ينتظر منذ أربع ساعات مع عائلته، وإن المتطوعين لم يتركوهم بلا طعام.",
        "quote",
    ),
    (
        146,
        "newsroom",
        "",
        "الأرصاد: العاصفة تبلغ ذروتها الليلة، مع رياح قد تتجاوز سرعتها ستين كيلومتراً في الساعة على الساحل. تحذير للصيادين من الإبحار.",
        "breaking",
    ),
    (
        135,
        "rami-haddad",
        "",
        "مؤسسة المياه في حلب تقول إن الأمطار لم تؤثر على محطات الضخ، وإن الضخ مستمر بشكل طبيعي.",
        "",
    ),
    (
        124,
        "lina-sabbagh",
        "",
        "غرفة تجارة دمشق تدعو التجار إلى عدم رفع أسعار مواد التدفئة، ووزارة التجارة الداخلية تعلن جولات رقابية.",
        "",
    ),
    (
        112,
        "newsroom",
        "",
        "فتح مسرب واحد على طريق حمص–طرطوس للسيارات العالقة فقط، بمرافقة دوريات المرور. الطريق يبقى مغلقاً أمام القادمين.",
        "",
    ),
    (
        101,
        "newsroom",
        "",
        "محافظة طرطوس تطلب من سكان القرى الجبلية تخزين مياه الشرب تحسباً لانقطاع الكهرباء عن مضخات القرى.",
        "",
    ),
    (
        90,
        "yousef-darwish",
        "",
        "خرجت آخر السيارات العالقة من المقطع المغلق. شرطة المرور: لا إصابات، وأُنقذت ثلاث سيارات انزلقت إلى جانب الطريق.",
        "",
    ),
    (
        78,
        "newsroom",
        "",
        "عادت الكهرباء إلى قريتين من القرى الثلاث في ريف طرطوس بعد وصول الورشات. العمل مستمر في الثالثة.",
        "",
    ),
    (
        66,
        "rami-haddad",
        "",
        "في ريف حلب الشمالي بدأت الثلوج تتساقط على المرتفعات. الطرق مفتوحة حتى الآن مع تحذير من الجليد ليلاً.",
        "",
    ),
    (
        55,
        "newsroom",
        "",
        "الدفاع المدني: تسجيل أربع حوادث انزلاق بسيطة في دمشق وريفها، ونصيحة بتخفيف السرعة وترك مسافة كافية بين السيارات.",
        "",
    ),
    (
        44,
        "omar-khatib",
        "",
        "نادٍ في حمص يفتح صالته الرياضية المغلقة لإيواء عائلات من القرى المجاورة انقطعت عنها الطرق.",
        "",
    ),
    (
        32,
        "newsroom",
        "",
        "وزارة الصحة: المستشفيات في المناطق المتأثرة في حالة جاهزية، وسيارات إسعاف مزودة بسلاسل للثلوج على الطرق الجبلية.",
        "",
    ),
    (
        21,
        "yousef-darwish",
        "",
        "الثلج يعود إلى التساقط بكثافة عند الحواش. الكاسحات باقية على الطريق طوال الليل وفق مديرية النقل.",
        "",
    ),
    (
        12,
        "newsroom",
        "",
        "عادت الكهرباء إلى القرية الثالثة في ريف طرطوس. شركة الكهرباء تقول إن كل القرى المتأثرة صارت موصولة بالشبكة.",
        "",
    ),
    (
        4,
        "newsroom",
        "",
        "نتابع التغطية حتى انحسار العاصفة. ترقبوا تحديثاً عن قرار الدوام في الجامعات خلال الساعة المقبلة.",
        "",
    ),
]


def load(command, sections, authors, collection, by_slug, now):
    """Create the demo live page and its entries once; returns 1 if it was created."""
    from nashir.news.models import ArticleByline

    from .images import scene_jpeg

    section = sections[PAGE["section"]]
    if LiveCoveragePage.objects.child_of(section).filter(slug=PAGE["slug"]).exists():
        return 0
    items = "".join(f"<li>{escape(line)}</li>" for line in PAGE["highlights"])
    page = LiveCoveragePage(
        title=PAGE["title"],
        slug=PAGE["slug"],
        kicker="مباشر",
        summary=PAGE["summary"],
        highlights=f"<ul>{items}</ul>",
        image_caption=PAGE["image_caption"],
        image_credit=PAGE["image_credit"],
        featured_image=command.image(
            PAGE["image_caption"],
            f"live-{PAGE['slug']}",
            scene_jpeg(PAGE["slug"], PAGE["section"]),
            collection,
        ),
        body=[
            *(("paragraph", f"<p>{escape(text)}</p>") for text in PAGE["background"]),
            ("read_also", by_slug[PAGE["read_also"]]),
        ],
        live=False,
    )
    for slug in PAGE["authors"]:
        page.bylines.add(ArticleByline(author=authors[slug]))
    page.tags.add(*PAGE["tags"])
    section.add_child(instance=page)
    page.save_revision().publish()
    started = now - timedelta(minutes=ENTRIES[0][0] + 5)
    LiveCoveragePage.objects.filter(pk=page.pk).update(
        published_at=started,
        first_published_at=started,
        last_published_at=started,
        coverage_started_at=started,
    )
    for minutes, author, title, text, marks in ENTRIES:
        if marks == "quote":
            body = [("quote", {"text": text, "attribution": "أحد العالقين على طريق حمص–طرطوس"})]
        else:
            body = [("paragraph", f"<p>{escape(text)}</p>")]
        LiveEntry.objects.create(
            page=page,
            posted_at=now - timedelta(minutes=minutes),
            author=authors.get(author),
            title=title,
            body=body,
            breaking=marks == "breaking",
            pinned=marks == "pinned",
        )
    return 1
