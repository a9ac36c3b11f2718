"""Arabic function words that carry no search value.

Written here in ordinary spelling and normalised at import time, so the set always agrees
with whatever normalise() does (e.g. على and إلى become علي and الي).
"""

from .normalise import normalise

__all__ = ["STOPWORDS", "is_stopword"]

_BASE = """
    في من على إلى عن إن أن إنّ أنّ لا ما لم لن قد و ف ب ل ك ثم أو بل لكن لكنّ
    هذا هذه هذان هاتان هؤلاء ذلك تلك ذاك أولئك هنا هناك هنالك
    الذي التي الذين اللذين اللتين اللاتي اللواتي اللذان اللتان
    هو هي هم هن هما أنا نحن أنت أنتم أنتما أنتن إياه إياها إياهم
    مع بين بعد قبل حتى كل عند منذ خلال حيث إذ إذا إذن لو لولا كي كما كذلك أي أيّ
    أنه أنها أنهم إنه إنها إنهم لأن لأنه لأنها بأن كأن كأنه غير سوى دون ضمن عبر لدى
    لدي نحو حول وفق فوق تحت وراء عليه عليها عليهم إليه إليها إليهم منه منها
    منهم فيه فيها فيهم عنه عنها عنهم له لها لهم لهما به بها بهم بهذا بهذه لهذا لهذه
    لذلك بذلك كان كانت كانوا يكون تكون يكن ليس ليست أصبح أضحى ظل بات صار مازال
    ما زال لازال لا يزال يزال تزال كذا هكذا إلا ألا أما أمّا إما بينما عندما حينما
    كلما مما ممن عما فيما بما لما مثل أيضا فقط جدا الآن الان ثمة
    هل كيف متى أين لماذا ماذا أيضاً تم يتم وقد فقد لقد
"""

# Left out on purpose, though often listed: أم, أمام, خلف and قال. After normalise() they
# are also "mother", "imam", the name Khalaf, and a word readers do search for.

# Prepositions/pronouns after which و/ف is almost always the conjunction, so وفي, فإن,
# وهو... are dropped too. Content words that merely look like و + stopword (ولي as in
# ولي العهد, فهم "understanding") are deliberately not generated.
_CONJOINABLE = """
    في من على إلى عن إن أن لا ما لم لن هذا هذه ذلك تلك الذي التي الذين هو هي هم
    مع بين بعد قبل حتى كل عند منذ خلال حيث إذا لكن أنه أنها إنه إنها لأن كان كانت
    كانوا يكون تكون ليس ليست غير أيضا كما منه منها فيه فيها عليه عليها له لها
"""
_NOT_GENERATED = {"فهم"}

STOPWORDS: frozenset[str] = frozenset(
    {normalise(word) for word in _BASE.split()}
    | {
        normalise(conj + word)
        for word in _CONJOINABLE.split()
        for conj in ("و", "ف")
        if conj + word not in _NOT_GENERATED
    }
)


def is_stopword(token: str) -> bool:
    """True if the (already normalised) token is a function word not worth indexing."""
    return token in STOPWORDS
