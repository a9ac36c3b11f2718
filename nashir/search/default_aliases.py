"""The alias groups nashir ships, and how they reach a site without ever overriding its editors.

A reader types one name and the archive uses another: سوريا or سورية, أبو ظبي or أبوظبي, يونيسف
or منظمة الأمم المتحدة للطفولة, غوغل or جوجل. A new site should not have to teach search these
first. Each group below has a stable key; install() (run by a data migration, and by
`manage.py install_default_aliases`) applies them under three rules:

- a key is offered once: a group editors deleted is never made again (ShippedAliasKey remembers
  every key this site has been given);
- a group editors changed is theirs: it is left alone from then on;
- a group nobody changed follows nashir: when a release changes its names, they are updated.

Only names that differ after nashir's own analysis belong here: الإمارات and الامارات, or
إفريقيا and أفريقيا, are already one word to search (hamza, ة/ه, ى/ي, tashkeel, ال and
prefixes are handled by nashir.arabic), so they need no group.
"""

import hashlib
import re
from collections import Counter

from nashir.arabic import analyse_name

# (key, the group's name in the admin, its names: one per line)
GROUPS = [
    # ---- Arab countries: official names and spellings ----
    ("country-syria", "سوريا", "سوريا\nالجمهورية العربية السورية"),
    ("country-saudi-arabia", "السعودية", "السعودية\nالمملكة العربية السعودية"),
    ("country-uae", "الإمارات", "الإمارات\nالإمارات العربية المتحدة\nدولة الإمارات"),
    ("country-jordan", "الأردن", "الأردن\nالمملكة الأردنية الهاشمية"),
    ("country-egypt", "مصر", "مصر\nجمهورية مصر العربية"),
    ("country-morocco", "المغرب", "المغرب\nالمملكة المغربية"),
    ("country-mauritania", "موريتانيا", "موريتانيا\nموريطانيا\nالجمهورية الإسلامية الموريتانية"),
    ("country-comoros", "جزر القمر", "جزر القمر\nالقمر المتحدة"),
    ("country-palestine", "فلسطين", "فلسطين\nدولة فلسطين"),
    ("country-lebanon", "لبنان", "لبنان\nالجمهورية اللبنانية"),
    ("country-iraq", "العراق", "العراق\nجمهورية العراق\nبلاد الرافدين"),
    ("country-sudan", "السودان", "السودان\nجمهورية السودان"),
    ("country-djibouti", "جيبوتي", "جيبوتي\nجمهورية جيبوتي"),
    # ---- other countries, as Arabic news spells them ----
    ("country-usa", "الولايات المتحدة", "الولايات المتحدة\nأمريكا\nأميركا"),
    ("country-uk", "بريطانيا", "بريطانيا\nالمملكة المتحدة"),
    ("country-russia", "روسيا", "روسيا\nروسيا الاتحادية"),
    ("country-north-korea", "كوريا الشمالية", "كوريا الشمالية\nكوريا الديمقراطية"),
    ("country-denmark", "الدنمارك", "الدنمارك\nالدانمارك"),
    ("country-poland", "بولندا", "بولندا\nبولونيا"),
    ("country-philippines", "الفلبين", "الفلبين\nالفيليبين"),
    ("country-venezuela", "فنزويلا", "فنزويلا\nفينزويلا"),
    ("country-bangladesh", "بنغلاديش", "بنغلاديش\nبنجلاديش\nبنغلادش"),
    ("country-thailand", "تايلاند", "تايلاند\nتايلند"),
    ("country-vietnam", "فيتنام", "فيتنام\nفييتنام"),
    ("country-kyrgyzstan", "قرغيزستان", "قرغيزستان\nقيرغيزستان"),
    ("country-colombia", "كولومبيا", "كولومبيا\nكولمبيا"),
    ("country-europe", "أوروبا", "أوروبا\nأوربا"),
    ("country-kazakhstan", "كازاخستان", "كازاخستان\nقازاقستان"),
    ("country-ethiopia", "إثيوبيا", "إثيوبيا\nالحبشة"),
    ("country-ivory-coast", "ساحل العاج", "ساحل العاج\nكوت ديفوار"),
    ("country-myanmar", "ميانمار", "ميانمار\nبورما"),
    ("country-czechia", "التشيك", "التشيك\nجمهورية التشيك"),
    ("country-belarus", "بيلاروسيا", "بيلاروسيا\nروسيا البيضاء"),
    ("country-new-zealand", "نيوزيلندا", "نيوزيلندا\nنيوزيلاندا"),
    ("country-chile", "تشيلي", "تشيلي\nشيلي"),
    ("country-hong-kong", "هونغ كونغ", "هونغ كونغ\nهونج كونج\nهونغكونغ"),
    ("country-sri-lanka", "سريلانكا", "سريلانكا\nسري لانكا"),
    ("country-south-korea", "كوريا الجنوبية", "كوريا الجنوبية\nجمهورية كوريا"),
    ("country-vatican", "الفاتيكان", "الفاتيكان\nالكرسي الرسولي"),
    ("country-bosnia", "البوسنة", "البوسنة والهرسك\nالبوسنة"),
    # ---- cities ----
    ("city-abu-dhabi", "أبوظبي", "أبوظبي\nأبو ظبي"),
    ("city-deir-ez-zor", "دير الزور", "دير الزور\nديرالزور"),
    ("city-omdurman", "أم درمان", "أم درمان\nأمدرمان"),
    ("city-casablanca", "الدار البيضاء", "الدار البيضاء\nكازابلانكا"),
    ("city-nouakchott", "نواكشوط", "نواكشوط\nانواكشوط"),
    ("city-erbil", "أربيل", "أربيل\nهولير"),
    ("city-sanaa", "صنعاء", "صنعاء\nصنعا"),
    ("city-karbala", "كربلاء", "كربلاء\nكربلا"),
    ("city-mecca", "مكة المكرمة", "مكة المكرمة\nمكة"),
    ("city-jerusalem", "القدس", "القدس\nبيت المقدس\nالقدس الشريف"),
    ("city-istanbul", "إسطنبول", "إسطنبول\nاستانبول"),
    ("city-geneva", "جنيف", "جنيف\nجينيف"),
    ("city-brussels", "بروكسل", "بروكسل\nبروكسيل"),
    ("city-new-york", "نيويورك", "نيويورك\nنيو يورك"),
    ("city-munich", "ميونخ", "ميونخ\nميونيخ"),
    ("city-qamishli", "القامشلي", "القامشلي\nقامشلو"),
    ("city-kobani", "عين العرب", "عين العرب\nكوباني"),
    ("city-hebron", "الخليل", "الخليل\nخليل الرحمن"),
    ("city-port-sudan", "بورتسودان", "بورتسودان\nبور سودان"),
    ("city-port-said", "بورسعيد", "بورسعيد\nبور سعيد"),
    ("city-new-delhi", "نيودلهي", "نيودلهي\nنيو دلهي"),
    ("city-beijing", "بكين", "بكين\nبيجين"),
    ("city-los-angeles", "لوس أنجلوس", "لوس أنجلوس\nلوس أنجلس"),
    ("city-strasbourg", "ستراسبورغ", "ستراسبورغ\nستراسبورج"),
    ("city-hamburg", "هامبورغ", "هامبورغ\nهامبورج"),
    # ---- the UN and international organisations (acronym = full name) ----
    ("org-un", "الأمم المتحدة", "الأمم المتحدة\nالمنظمة الأممية\nهيئة الأمم المتحدة"),
    ("org-unicef", "يونيسف", "يونيسف\nاليونيسيف\nمنظمة الأمم المتحدة للطفولة\nUNICEF"),
    (
        "org-unrwa",
        "الأونروا",
        "الأونروا\nوكالة غوث وتشغيل اللاجئين الفلسطينيين\n"
        "وكالة الأمم المتحدة لإغاثة وتشغيل اللاجئين الفلسطينيين\nUNRWA",
    ),
    (
        "org-unhcr",
        "مفوضية اللاجئين",
        "مفوضية اللاجئين\nالمفوضية السامية للأمم المتحدة لشؤون اللاجئين\n"
        "مفوضية الأمم المتحدة لشؤون اللاجئين\nUNHCR",
    ),
    (
        "org-unesco",
        "اليونسكو",
        "اليونسكو\nمنظمة الأمم المتحدة للتربية والعلم والثقافة\nUNESCO",
    ),
    ("org-fao", "الفاو", "الفاو\nمنظمة الأغذية والزراعة\nFAO"),
    ("org-wfp", "برنامج الأغذية العالمي", "برنامج الأغذية العالمي\nبرنامج الغذاء العالمي\nWFP"),
    ("org-who", "منظمة الصحة العالمية", "منظمة الصحة العالمية\nالصحة العالمية\nWHO"),
    ("org-imf", "صندوق النقد الدولي", "صندوق النقد الدولي\nصندوق النقد\nIMF"),
    ("org-world-bank", "البنك الدولي", "البنك الدولي\nWorld Bank"),
    ("org-wto", "منظمة التجارة العالمية", "منظمة التجارة العالمية\nWTO"),
    (
        "org-iaea",
        "الوكالة الدولية للطاقة الذرية",
        "الوكالة الدولية للطاقة الذرية\nوكالة الطاقة الذرية\nIAEA",
    ),
    ("org-ilo", "منظمة العمل الدولية", "منظمة العمل الدولية\nILO"),
    ("org-iom", "المنظمة الدولية للهجرة", "المنظمة الدولية للهجرة\nمنظمة الهجرة الدولية\nIOM"),
    ("org-ocha", "أوتشا", "أوتشا\nمكتب تنسيق الشؤون الإنسانية\nOCHA"),
    ("org-undp", "برنامج الأمم المتحدة الإنمائي", "برنامج الأمم المتحدة الإنمائي\nUNDP"),
    ("org-escwa", "الإسكوا", "الإسكوا\nاللجنة الاقتصادية والاجتماعية لغربي آسيا\nESCWA"),
    ("org-icc", "المحكمة الجنائية الدولية", "المحكمة الجنائية الدولية\nالجنائية الدولية\nICC"),
    ("org-icj", "محكمة العدل الدولية", "محكمة العدل الدولية\nالعدل الدولية\nICJ"),
    ("org-icrc", "الصليب الأحمر", "الصليب الأحمر\nاللجنة الدولية للصليب الأحمر\nICRC"),
    ("org-msf", "أطباء بلا حدود", "أطباء بلا حدود\nأطباء بدون حدود\nMSF"),
    ("org-amnesty", "منظمة العفو الدولية", "منظمة العفو الدولية\nالعفو الدولية\nأمنستي"),
    ("org-hrw", "هيومن رايتس ووتش", "هيومن رايتس ووتش\nHRW"),
    ("org-opec", "أوبك", "أوبك\nأوبيك\nمنظمة الدول المصدرة للنفط\nOPEC"),
    ("org-oapec", "أوابك", "أوابك\nمنظمة الأقطار العربية المصدرة للبترول\nOAPEC"),
    ("org-nato", "الناتو", "الناتو\nحلف شمال الأطلسي\nحلف الأطلسي\nNATO"),
    ("org-eu", "الاتحاد الأوروبي", "الاتحاد الأوروبي\nالاتحاد الأوربي\nEU"),
    ("org-arab-league", "جامعة الدول العربية", "جامعة الدول العربية\nالجامعة العربية"),
    ("org-gcc", "مجلس التعاون الخليجي", "مجلس التعاون الخليجي\nمجلس التعاون لدول الخليج العربية"),
    ("org-oic", "منظمة التعاون الإسلامي", "منظمة التعاون الإسلامي\nمنظمة المؤتمر الإسلامي"),
    ("org-amu", "اتحاد المغرب العربي", "اتحاد المغرب العربي\nالاتحاد المغاربي"),
    ("org-g20", "مجموعة العشرين", "مجموعة العشرين\nمجموعة الـ20\nG20"),
    ("org-g7", "مجموعة السبع", "مجموعة السبع\nمجموعة الدول السبع\nG7"),
    ("org-brics", "بريكس", "بريكس\nمجموعة بريكس\nBRICS"),
    ("org-isdb", "البنك الإسلامي للتنمية", "البنك الإسلامي للتنمية\nIsDB"),
    ("org-fifa", "فيفا", "فيفا\nالاتحاد الدولي لكرة القدم\nFIFA"),
    ("org-uefa", "يويفا", "يويفا\nالاتحاد الأوروبي لكرة القدم\nUEFA"),
    ("org-afc", "الاتحاد الآسيوي لكرة القدم", "الاتحاد الآسيوي لكرة القدم\nالاتحاد الآسيوي\nAFC"),
    ("org-ioc", "اللجنة الأولمبية الدولية", "اللجنة الأولمبية الدولية\nالأولمبية الدولية\nIOC"),
    ("org-cia", "سي آي إيه", "سي آي إيه\nوكالة المخابرات المركزية\nCIA"),
    ("org-fbi", "إف بي آي", "إف بي آي\nمكتب التحقيقات الفيدرالي\nمكتب التحقيقات الفدرالي\nFBI"),
    ("org-pentagon", "البنتاغون", "البنتاغون\nالبنتاجون\nوزارة الدفاع الأمريكية"),
    ("org-congress", "الكونغرس", "الكونغرس\nالكونجرس\nالكونغرس الأمريكي"),
    ("org-nasa", "ناسا", "ناسا\nوكالة الفضاء الأمريكية\nNASA"),
    ("org-bbc", "بي بي سي", "بي بي سي\nهيئة الإذاعة البريطانية\nBBC"),
    ("org-ap", "أسوشيتد برس", "أسوشيتد برس\nأسوشييتد برس\nأسوشيتدبرس"),
    ("org-afp", "فرانس برس", "فرانس برس\nوكالة الصحافة الفرنسية\nAFP"),
    # ---- the region's parties, movements and forces ----
    ("group-isis", "داعش", "داعش\nتنظيم الدولة\nالدولة الإسلامية\nتنظيم الدولة الإسلامية"),
    ("group-sdf", "قسد", "قسد\nقوات سوريا الديمقراطية"),
    ("group-hamas", "حماس", "حماس\nحركة المقاومة الإسلامية"),
    ("group-pij", "الجهاد الإسلامي", "الجهاد الإسلامي\nحركة الجهاد الإسلامي"),
    ("group-plo", "منظمة التحرير الفلسطينية", "منظمة التحرير الفلسطينية\nمنظمة التحرير"),
    ("group-pa", "السلطة الفلسطينية", "السلطة الفلسطينية\nالسلطة الوطنية الفلسطينية"),
    ("group-houthis", "الحوثيون", "الحوثيون\nأنصار الله\nجماعة الحوثي"),
    ("group-taliban", "طالبان", "طالبان\nحركة طالبان"),
    ("group-nusra", "جبهة النصرة", "جبهة النصرة\nجبهة فتح الشام"),
    ("group-hts", "هيئة تحرير الشام", "هيئة تحرير الشام\nتحرير الشام"),
    ("group-fsa", "الجيش الحر", "الجيش السوري الحر\nالجيش الحر"),
    ("group-pmf", "الحشد الشعبي", "الحشد الشعبي\nهيئة الحشد الشعبي"),
    ("group-peshmerga", "البيشمركة", "البيشمركة\nالبشمركة"),
    ("group-irgc", "الحرس الثوري", "الحرس الثوري\nالحرس الثوري الإيراني\nالباسداران"),
    ("group-pkk", "حزب العمال الكردستاني", "حزب العمال الكردستاني\nالعمال الكردستاني\nPKK"),
    # ---- companies and news agencies of the region ----
    ("company-aramco", "أرامكو", "أرامكو\nأرامكو السعودية\nشركة الزيت العربية السعودية"),
    ("company-adnoc", "أدنوك", "أدنوك\nشركة بترول أبوظبي الوطنية\nADNOC"),
    ("agency-sana", "سانا", "سانا\nالوكالة العربية السورية للأنباء"),
    ("agency-spa", "واس", "واس\nوكالة الأنباء السعودية"),
    ("agency-kuna", "كونا", "كونا\nوكالة الأنباء الكويتية"),
    # ---- people whose names are spelt several ways ----
    ("person-trump", "ترامب", "ترامب\nترمب"),
    ("person-netanyahu", "نتنياهو", "نتنياهو\nنتانياهو"),
    ("person-zelensky", "زيلينسكي", "زيلينسكي\nزيلنسكي"),
    ("person-guterres", "غوتيريش", "غوتيريش\nغوتيريس\nجوتيريش"),
    # ---- loanwords written several ways ----
    ("word-internet", "الإنترنت", "إنترنت\nإنترنيت"),
    ("word-facebook", "فيسبوك", "فيسبوك\nفيس بوك\nفايسبوك\nFacebook"),
    ("word-youtube", "يوتيوب", "يوتيوب\nيوتوب\nYouTube"),
    ("word-whatsapp", "واتساب", "واتساب\nواتس آب\nWhatsApp"),
    ("word-instagram", "إنستغرام", "إنستغرام\nإنستجرام\nانستقرام\nInstagram"),
    ("word-tiktok", "تيك توك", "تيك توك\nتيكتوك\nTikTok"),
    ("word-google", "غوغل", "غوغل\nجوجل\nقوقل\nGoogle"),
    ("word-microsoft", "مايكروسوفت", "مايكروسوفت\nميكروسوفت\nMicrosoft"),
    ("word-samsung", "سامسونغ", "سامسونغ\nسامسونج\nSamsung"),
    ("word-bitcoin", "بيتكوين", "بيتكوين\nبتكوين\nBitcoin"),
    ("word-democracy", "الديمقراطية", "ديمقراطية\nديموقراطية"),
    ("word-virus", "فيروس", "فيروس\nفايروس"),
    ("word-covid", "كورونا", "كورونا\nكوفيد\nكوفيد-19"),
    ("word-influenza", "الإنفلونزا", "إنفلونزا\nإنفلوانزا"),
    ("word-television", "التلفزيون", "تلفزيون\nتليفزيون\nتلفاز"),
    ("word-computer", "الكمبيوتر", "كمبيوتر\nكومبيوتر\nحاسوب"),
    ("word-technology", "التكنولوجيا", "تكنولوجيا\nتكنلوجيا"),
    ("word-strategy", "الاستراتيجية", "استراتيجية\nستراتيجية"),
    ("word-euro", "اليورو", "يورو\nأورو"),
    ("word-diesel", "المازوت", "مازوت\nديزل\nسولار"),
    ("word-kilometre", "كيلومتر", "كيلومتر\nكيلو متر\nكلم"),
    ("word-kilogram", "كيلوغرام", "كيلوغرام\nكيلوجرام\nكغ"),
    ("word-megawatt", "ميغاواط", "ميغاواط\nميجاوات\nميغاوات"),
    ("word-marathon", "ماراثون", "ماراثون\nمارثون"),
    ("word-veto", "الفيتو", "فيتو\nحق النقض"),
    ("word-budget", "الموازنة", "موازنة\nميزانية"),
    ("word-olympics", "الأولمبياد", "أولمبياد\nالألعاب الأولمبية"),
    ("word-mobile", "الهاتف المحمول", "هاتف محمول\nجوال\nموبايل"),
    ("word-oxygen", "الأكسجين", "أكسجين\nأوكسجين"),
    ("word-email", "البريد الإلكتروني", "البريد الإلكتروني\nإيميل\nالبريد الاليكتروني"),
    ("word-drone", "الطائرات المسيرة", "طائرة مسيرة\nطائرة دون طيار\nطائرة بدون طيار\nدرون"),
    ("word-cyber", "سيبراني", "سيبراني\nسايبري"),
    ("word-telephone", "الهاتف", "هاتف\nتلفون\nتليفون"),
    ("word-police", "الشرطة", "شرطة\nبوليس"),
    ("word-billion", "مليار", "مليار\nبليون"),
    ("word-gram", "غرام", "غرام\nجرام"),
    ("word-golf", "الغولف", "غولف\nجولف"),
    ("word-world-cup", "كأس العالم", "كأس العالم\nالمونديال"),
    (
        "word-premier-league",
        "الدوري الإنجليزي",
        "الدوري الإنجليزي الممتاز\nالبريميرليغ\nالبريميرليج",
    ),
    ("word-la-liga", "الدوري الإسباني", "الدوري الإسباني\nالليغا\nالليجا"),
    ("word-hospital", "المستشفى", "مستشفى\nمشفى"),
    ("word-taxi", "سيارة الأجرة", "سيارة أجرة\nتاكسي"),
    ("word-bus", "الحافلة", "حافلة\nباص\nأتوبيس"),
    ("word-metro", "المترو", "مترو\nقطار الأنفاق"),
]


def fingerprint(name: str, terms: str) -> str:
    """What a group looked like: the same name and names give the same fingerprint."""
    return hashlib.sha256(f"{name.strip()}\n{terms.strip()}".encode()).hexdigest()


def install(alias_group_model, shipped_key_model, groups=GROUPS) -> Counter:
    """Give the site the shipped groups it has not had, update those nobody changed.

    Takes the models as arguments so a data migration can pass its historical ones. Returns
    how many groups were created, updated, left as editors changed them («kept»), left deleted,
    or not created because an editors' group already names them («covered»).
    """
    outcome = Counter()
    given = set(shipped_key_model.objects.values_list("key", flat=True))
    present = {g.shipped_key: g for g in alias_group_model.objects.exclude(shipped_key="")}
    editors_phrases = {
        _phrase(name)
        for group in alias_group_model.objects.filter(shipped_key="")
        for name in _names(group.terms)
    }
    for key, name, terms in groups:
        shipped = fingerprint(name, terms)
        group = present.get(key)
        if key not in given:
            shipped_key_model.objects.create(key=key)
            if editors_phrases & {_phrase(n) for n in _names(terms)}:
                outcome["covered"] += 1
            else:
                alias_group_model.objects.create(
                    name=name, terms=terms, shipped_key=key, shipped_fingerprint=shipped
                )
                outcome["created"] += 1
        elif group is None:
            outcome["deleted"] += 1
        elif fingerprint(group.name, group.terms) != group.shipped_fingerprint:
            outcome["kept"] += 1
        elif group.shipped_fingerprint != shipped:
            group.name, group.terms, group.shipped_fingerprint = name, terms, shipped
            group.save(update_fields=["name", "terms", "shipped_fingerprint"])
            outcome["updated"] += 1
        else:
            outcome["unchanged"] += 1
    return outcome


def _names(terms: str) -> list[str]:
    return [t.strip() for t in re.split(r"[\n,،;؛]+", terms) if t.strip()]


def _phrase(name: str) -> tuple[str, ...]:
    return tuple(slot[0] for slot in analyse_name(name))
