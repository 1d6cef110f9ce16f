"""Read a job ad as a structured document: its sections, which sentences state a
demand on the candidate, the amounts it asks for, whether it offers an equivalent
route to a degree, and what kind of job it is (physical, involving driving, senior).

Rules with a `document:` key (see `rules/README.md`) are filtered through an `AdReading`
after matching; this module never finds anything by itself. The reading is built
lazily, once per text, and only when such a rule matched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from inclusivelint.vocab import AD_SECTIONS as SECTIONS# noqa: F401  (the section kinds rule files name)

# Heading words, checked in this order: "Preferred Qualifications" is preferred, not requirements.
_HEADING_KINDS = (
    ("preferred", r"prefer|recommended|nice[- ]to[- ]have|bonus|desir(?:ed|able)|\bplus(?:es)?\b|ideally|extra credit"
                  r"|would be (?:great|nice)|great if|advantage|not required|optional"),
    ("legal", r"equal (?:employment )?opportunit|\beeo\b|disclaimer|affirmative action|accommodation"
              r"|legal|privacy|notice|e-verify|diversity statement"),
    ("benefits", r"benefit|perks|what we offer|we offer|our offer|compensation|salary|pay\b|why join"
                 r"|why work|rewards|what'?s in it for you|package"),
    ("requirements", r"requirement|required|qualification|minimum|basic|essential|must[- ]have"
                     r"|what you(?:'ll| will)? (?:need|bring|have)|you(?:'ll| will)? need|looking for"
                     r"|who you are|about you|you have|you are|if you have|skills|experience|education"
                     r"|your profile|we expect|competenc|criteria|person specification"),
    ("responsibilities", r"responsibilit|duties|what you(?:'ll| will)? do|you will|the role|the job"
                         r"|role description|job description|position|day[- ]to[- ]day|overview|summary"
                         r"|what the job involves|key tasks|main tasks|accountabilit"),
    ("about", r"about|who we are|our (?:story|mission|company|team|culture|values)|company|the team"
              r"|why us|culture|mission"),
)
_HEADING_RES = tuple((kind, re.compile(p, re.I)) for kind, p in _HEADING_KINDS)
_BULLET = re.compile(r"^[ \t]*(?:[-*+\u2022\u25cf\u25aa\u2013]|\d{1,2}[.)])[ \t]+")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+")
_LABEL_LINE = re.compile(r"^[ \t]*([A-Z][^:\n]{2,60}):[ \t]*\S")  # "Basic Qualifications: BS in ..."
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|\n|[\u2022\u25cf\u00b7]")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,3}$|\b(?:Ph\.D|e\.g|i\.e|etc|vs|approx|incl|Dr|Mr|Ms|Mrs|St|Sr|Jr)\.$")
_CLAUSE_SEP = re.compile(r"[,;()\u2013\u2014]|\s-\s")

# A sentence about the company rather than the candidate: history, awards, products.
_HISTORY = re.compile(
    r"\b(?:founded|since \d|history|award|awarded|named|ranked|recognized|recognised|has been|have been"
    r"|(?:for|with) (?:more|over) than|over the (?:past|last)|decades|headquartered|has offices|employs"
    r"|around the world|industry leader|the company|our company|forefront)\b", re.I)
_COMPANY = re.compile(
    r"\b(?:we|we're|we've|our|us|customers|clients|patients|children|pupils|residents|students|serves"
    r"|serving|employees|offices|worldwide)\b", re.I)
# A sentence that offers something: tuition for a degree is a benefit, not a demand.
_BENEFIT = re.compile(r"\b(?:tuition|reimburse\w*|scholarships?|we(?:'re| are)? offer(?:ing)?|we (?:pay|cover|fund)"
                      r"|paid for by|sponsor(?:s|ed)? (?:your|you))\b", re.I)
# Words that make a sentence a demand on the candidate even when it also talks about the company.
_CANDIDATE = re.compile(
    r"\b(?:you|your|you'll|you're|candidates?|applicants?|the (?:ideal )?(?:person|individual|hire)"
    r"|must|required|requires?|requirements?|minimum|qualifications?|ability to|able to|should have"
    r"|need(?:ed|s)? to|preferred)\b", re.I)
_PREFERRED = re.compile(r"\b(?:preferred|a plus|an asset|nice[- ]to[- ]have|desired|desirable|ideally"
                        r"|bonus|advantageous|an advantage|helpful|beneficial|not required|optional|great if"
                        r"|extra credit)\b", re.I)
# A route in without the degree: always one, whatever the sentence.
_EQUIVALENT = re.compile(
    r"equivalent (?:combination|practical|work|professional|relevant|industry|job|level)"
    r"|in lieu of|(?<!following\s)combination of (?:education|training) and experience|experience combination"
    r"|no degree (?:is )?(?:required|necessary|needed)|degree (?:is )?not (?:required|necessary|needed)"
    r"|experience in place of|equivalent experience|with or without a degree"
    r"|(?:regardless|independent|irrespective) of (?:[\w ,]{0,40} )?(?:educational|academic) background"
    r"|(?:regardless|independent|irrespective) of (?:your |any )?(?:degree|formal education|qualifications)"
    r"|(?:no|without an?) (?:college |university |formal )?degree,? (?:with|w/|plus|and)\s*(?:at least )?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*\+?\s*(?:years|yrs)"
    r"|(?:typically|usually|normally|generally) (?:acquired|gained|obtained|developed) (?:through|via|by|from)"
    r"|not meet(?:ing)? (?:the |these |our )?(?:[\w-]+ ){0,2}(?:degree|education(?:al)?) requirements?",
    re.I)
# "or equivalent", "or related experience", a bootcamp, a substitution: a route only where the
# sentence is about education ("Years of experience can be substituted with competency levels"
# offers no way around a degree).
_OR_EQUIVALENT = re.compile(r"\bor (?:an? )?equivalent\b|\bor (?:comparable|relevant|related) (?:work |professional "
                            r"|practical )?experience|\bbootcamps?\b|\bapprenticeships?\b"
                            r"|substituted (?:by|with|for)|(?:may|can) substitute|substitutions? (?:for|of)", re.I)
_YEARS_ROUTE = re.compile(r"\bor (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*\+?\s*"
                          r"(?:years|yrs)", re.I)
# A preference that closes the sentence applies to all of it ("B.S. with 8 years or M.S. with 6
# years preferred"); one inside it ("Preferred majors: ...") does not.
_ENDS_PREFERRED = re.compile(r"\b(?:preferred|a plus|an asset|desired|desirable|nice[- ]to[- ]have|ideally"
                             r"|an advantage|advantageous)\W*$", re.I)
_ITEM_SEP = re.compile(r";|\s[-\u2013\u2014]\s")
_PARENTHESES = re.compile(r"\([^()]*\)")
_INSIST = re.compile(r"\b(?:required|requires?|must|minimum|mandatory|essential)\b", re.I)
_EDUCATION = re.compile(r"degree|\bb\.?[as]\.?\b|\bbsc\b|bachelor|master|ph\.?d|diploma|education"
                        r"|qualification|college|university", re.I)
_REASON = re.compile(
    r"\b(?:because|so that|in order to|as the role|as this role|as the job|to (?:move|carry|load|unload|stock"
    r"|install|deliver|transport|lift|set up|position|handle|assist|transfer|restock)\b|boxes|equipment"
    r"|patients?|inventory|pallets?|deliveries|supplies|instruments?|materials|stock|furniture|residents"
    r"|children|samples|lab(?:oratory)? work|bench work|field work|travel|visit"
    r"|between (?:sites|locations|schools|homes|clients)|across the (?:county|region|district|area|borough)"
    r"|on[- ]call|call[- ]outs?)", re.I)
# Physical jobs: words of the title, or phrases of the duties. "data warehouse", "data
# cleaning" and "custodian of enterprise data" do not count.
_PHYSICAL_TITLE = re.compile(
    r"(?<!data )\bwarehouse|\bnurs(?:e|es|ing)\b|care\b|caregiver|support worker|\bporter|courier|\bdriver"
    r"|\bmovers?\b|construction|labou?rer|landscap|\bcook\b|\bchef\b|kitchen|catering|cleaner|cleaning operative"
    r"|caretaker|janitor|custodian|electrician|plumber|carpenter|mechanic|installer|technician|forklift|picker"
    r"|packer|stocker|merchandiser|barista|\bserver\b|waiter|waitress|housekeep|maintenance|crossing patrol"
    r"|paramedic|firefighter|security officer|groundskeep|teaching assistant|nursery|childcare|retail"
    r"|store associate|sales associate|crew member|operative|tradesperson|fitter|welder|machinist", re.I)
_PHYSICAL_DUTY = re.compile(
    r"(?<!data )\bwarehouse (?:operations|floor|team|work)|patient care|personal care|moving and handling"
    r"|manual handling|load(?:ing)? and unload|pick(?:ing)? and pack|stock(?:ing)? shelves"
    r"|operat(?:e|ing) (?:a )?forklift"
    r"|on your feet|construction site|building site|field work|site work|bench work|lab(?:oratory)? work"
    r"|wet lab|cell culture|animal (?:care|handling)|food preparation|serve customers", re.I)
# Jobs where driving or travel is part of the work: words of the title, or phrases of the duties.
_DRIVING_TITLE = re.compile(
    r"\bdriv(?:er|ers|ing)\b|courier|deliver(?:y|ies)|\bfield\b|community|home care|domiciliary|peripatetic"
    r"|\bmobile\b|territory|sales representative|area manager|regional|travel", re.I)
_DRIVING_DUTY = re.compile(
    r"travel (?:to|between|across|around|within)|willing to travel|travel(?:l)?ing (?:to|between)|home visits"
    r"|site visits|visit(?:ing)? (?:clients|customers|patients|service users|people in|homes|sites|schools|stores)"
    r"|between (?:sites|locations|schools|homes|clients)|deliver(?:ing)? (?:goods|orders|parcels|meals)"
    r"|drive (?:to|between|a|the company)|driving (?:to|between)|on the road|across the (?:county|region|district"
    r"|borough)|in the field\b(?! of)|field[- ](?:based|work|visits)", re.I)
_SENIOR = re.compile(r"\b(?:senior|sr\.?|principal|staff|lead|director|head|vp|vice president|chief|manager"
                     r"|architect|partner|distinguished|fellow|controller|comptroller|treasurer|president)\b"
                     # A numbered level from four up ("Data Engineer 5", "Analyst IV", "Level 6")
                     r"|\b(?:engineer|scientist|analyst|developer|programmer|consultant|specialist|accountant"
                     r"|statistician|administrator|technician|level|grade|band)\s+(?:[4-9]|iv|v|vi|vii)\b", re.I)

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "twenty": 20, "thirty": 30}
_NUM = r"(\d{1,3}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")"
_CAP = re.compile(r"\b(?:no more than|not more than|at most|a maximum of|maximum(?: of)?|max\.?|up to"
                  r"|less than|fewer than|under|no longer than)\s*(?:\(?\s*)?" + _NUM + r"\b", re.I)
_RANGE = re.compile(_NUM + r"\s*(?:\+\s*)?(?:-|\u2013|to)\s*" + _NUM + r"\b", re.I)
_LOWER = re.compile(r"(?:>=?|\u2265)\s*" + _NUM + r"|\b" + _NUM + r"\s*(?:\+|plus\b|or more\b|and (?:up|above)\b)"
                    r"|\b(?:at least|minimum(?: of)?|a minimum of|min\.?|no less than|over|more than)\s+" + _NUM
                    + r"\b", re.I)
_PLAIN = re.compile(r"\b" + _NUM + r"\b", re.I)


def _number(raw: str) -> float:
    raw = raw.lower()
    return _NUMBER_WORDS[raw] if raw in _NUMBER_WORDS else float(raw)


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as an ad writes it: `low` and `high` bounds (None when open); `cap` when the
    ad sets an upper limit ("no more than 5 years", "up to 35 pounds"). A range is no cap."""

    low: float | None
    high: float | None
    cap: bool = False


def parse_amount(text: str) -> Amount | None:
    """The amount in a short phrase: "10+", ">10", "ten", "at least 8", "up to 35", "3-5"."""
    m = _CAP.search(text)
    if m:
        return Amount(None, _number(m.group(1)), cap=True)
    m = _RANGE.search(text)
    if m:
        low, high = _number(m.group(1)), _number(m.group(2))
        if low < high:
            return Amount(low, high)
    m = _LOWER.search(text)
    if m:
        raw = next(g for g in m.groups() if g)
        return Amount(_number(raw), None)
    m = _PLAIN.search(text)
    if m:
        value = _number(m.group(1))
        return Amount(value, value)
    return None


def has_preference(text: str) -> bool:
    """Whether a phrase marks itself optional ("a plus", "preferred", "nice to have")."""
    return bool(_PREFERRED.search(text))


def _is_whole_heading(line: str, heading: str) -> bool:
    return line.strip().strip("*_#").strip().rstrip(":").strip() == heading.strip()


def _heading_kind(label: str) -> str:
    for kind, pattern in _HEADING_RES:
        if pattern.search(label):
            return kind
    return "other"


@dataclass(frozen=True, slots=True)
class Section:
    start: int  # where its heading line starts
    kind: str
    heading: str


class AdReading:
    """One ad, read once: sections by offset, sentences, the equivalent route, the job's kind."""

    def __init__(self, text: str):
        self.text = text.replace("\u2019", "'")  # same length: one character for one
        self.sections = self._sections()
        self._starts = [s.start for s in self.sections]

    def _sections(self) -> tuple[Section, ...]:
        out = [Section(0, "other", "")]
        lines = self.text.split("\n")
        offset = 0
        for i, line in enumerate(lines):
            heading = self._heading(line, lines[i + 1] if i + 1 < len(lines) else "")
            if heading is not None:
                out.append(Section(offset, _heading_kind(heading), heading))
            offset += len(line) + 1
        return tuple(out)

    @staticmethod
    def _heading(line: str, following: str) -> str | None:
        """The heading text when `line` is a heading or a label line ("Requirements:")."""
        stripped = line.strip().strip("*_").strip()
        if not stripped or _BULLET.match(line):
            return None
        if _MD_HEADING.match(line):
            return _MD_HEADING.sub("", line).strip()
        words = len(stripped.split())
        if stripped.endswith(":") and words <= 12:
            return stripped.rstrip(":")
        m = _LABEL_LINE.match(line)
        if m and len(m.group(1).split()) <= 4 and _heading_kind(m.group(1)) in ("requirements", "preferred"):
            return m.group(1)
        if words <= 5 and not stripped.endswith((".", "!", "?", ",", ";")) and following.strip() \
                and (stripped.isupper() or stripped.istitle()):
            return stripped
        return None

    def section(self, offset: int) -> Section:
        return self.sections[bisect_right(self._starts, offset) - 1]

    def section_kind(self, start: int, end: int) -> str:
        """The kind of section the span stands in; "preferred" also where its clause says
        so ("Master's degree in Statistics preferred"), or its sentence does and the clause
        does not insist ("B.S. with 8 years or, M.S. with 6 years preferred")."""
        clause = self.clause(start, end)
        if _PREFERRED.search(clause):
            return "preferred"
        a, b = self.sentence(start, end)
        items = [m.end() for m in _ITEM_SEP.finditer(self.text, a, start)]
        after = _ITEM_SEP.search(self.text, end, b)
        # the list item around the span, without asides: "(a PhD is preferred)" speaks of the PhD only
        whole = _PARENTHESES.sub("", self.text[items[-1] if items else a:after.start() if after else b])
        if _ENDS_PREFERRED.search(whole) and not _INSIST.search(clause):
            return "preferred"
        index = bisect_right(self._starts, start) - 1
        section = self.sections[index]
        line_end = self.text.find("\n", section.start) % (len(self.text) + 1)
        if index and start < line_end and _is_whole_heading(self.text[section.start:line_end], section.heading):
            # on a heading line itself ("Masters required, Ph.D. preferred in:"): its clause decides
            kind = _heading_kind(clause)
            return kind if kind != "other" else self.sections[index - 1].kind
        return section.kind

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence (or bullet, or line) around start..end."""
        a, b = 0, len(self.text)
        for m in _SENTENCE_END.finditer(self.text, 0, start + 1):  # +1: the lookahead sees `start`
            if m.end() <= start and not self._abbreviation(m):
                a = m.end()
        for m in _SENTENCE_END.finditer(self.text, end):
            if not self._abbreviation(m):
                b = m.start()
                break
        return a, b

    def _abbreviation(self, m: re.Match) -> bool:
        """A space after "B.S.", "Ph.D." or "e.g." ends no sentence."""
        return m.group(0).isspace() and "\n" not in m.group(0) \
            and bool(_ABBREVIATION.search(self.text, max(0, m.start() - 8), m.start()))

    def clause(self, start: int, end: int) -> str:
        a, b = self.sentence(start, end)
        left = [m.end() for m in _CLAUSE_SEP.finditer(self.text, a, start)]
        right = _CLAUSE_SEP.search(self.text, end, b)
        return self.text[left[-1] if left else a:right.start() if right else b]

    def is_demand(self, start: int, end: int) -> bool:
        """Whether the sentence around the span asks something of the candidate, as a must
        or a preference (not the company's history, awards, products or benefits)."""
        kind = self.section(start).kind
        if kind in ("about", "benefits", "legal"):
            return False
        a, b = self.sentence(start, end)
        sentence = self.text[a:b]
        if _BENEFIT.search(sentence):
            return False
        if _CANDIDATE.search(sentence):
            return True
        if kind in ("requirements", "preferred"):  # a bullet there is a demand unless it tells history
            return not _HISTORY.search(sentence)
        return not (_HISTORY.search(sentence) or _COMPANY.search(sentence))

    def has_reason(self, start: int, end: int) -> bool:
        a, b = self.sentence(start, end)
        return bool(_REASON.search(self.text[a:start] + " " + self.text[end:b]))

    def amount(self, start: int, end: int) -> Amount | None:
        """The amount of the span, reading a few words before it for "no more than" / "up to"."""
        a, _ = self.sentence(start, end)
        return parse_amount(self.text[max(a, start - 24):end])

    @cached_property
    def equivalent_route(self) -> bool:
        """Whether the ad offers a route in without the degree, anywhere."""
        if _EQUIVALENT.search(self.text):
            return True
        for m in _OR_EQUIVALENT.finditer(self.text):
            a, b = self.sentence(m.start(), m.end())
            if _EDUCATION.search(self.text[a:b]):
                return True
        return False

    def years_route(self, start: int, end: int) -> bool:
        """Whether the span's own sentence offers years of experience instead ("MS or PhD
        in Statistics, or 2+ years of relevant work experience")."""
        _, b = self.sentence(start, end)
        return bool(_YEARS_ROUTE.search(self.text, end, b))

    @cached_property
    def physical_job(self) -> bool:
        """Whether the job is physical, judged from its title (the first line) and duties."""
        return bool(_PHYSICAL_TITLE.search(self.title) or _PHYSICAL_DUTY.search(self.title_and_duties))

    @cached_property
    def title(self) -> str:
        """The first line of the ad: its title in every feed we have seen."""
        return next((line for line in self.text.split("\n") if line.strip()), "")

    @cached_property
    def title_and_duties(self) -> str:
        """The title and the responsibilities sections: what the job is."""
        title = self.title
        duties = " ".join(self.text[s.start:self._end(i)] for i, s in enumerate(self.sections)
                          if s.kind == "responsibilities")
        return f"{title}\n{duties}"

    @cached_property
    def driving_job(self) -> bool:
        """Whether driving or travel is part of the job, judged from its title and duties."""
        return bool(_DRIVING_TITLE.search(self.title) or _DRIVING_DUTY.search(self.title_and_duties))

    @cached_property
    def senior_job(self) -> bool:
        """Whether the title names a senior role, where long experience is proportionate."""
        return bool(_SENIOR.search(self.title))

    def _end(self, index: int) -> int:
        return self.sections[index + 1].start if index + 1 < len(self.sections) else len(self.text)

    def allows(self, check, start: int, end: int) -> bool:
        """Whether a match at start..end meets a rule's `document:` conditions (a DocumentCheck)."""
        if check.sections and self.section_kind(start, end) not in check.sections:
            return False
        if check.demand and not self.is_demand(start, end):
            return False
        if check.unless_ad_offers == "equivalent-route" and (self.equivalent_route
                                                              or self.years_route(start, end)):
            return False
        if check.unless_job and getattr(self, f"{check.unless_job}_job"):
            return False
        if check.unless_reason and self.has_reason(start, end):
            return False
        if check.amount_min is not None or check.amount_cap:
            amount = self.amount(start, end)
            if amount is None:
                return False
            if check.amount_cap:
                return amount.cap
            return not amount.cap and amount.low is not None and amount.low >= check.amount_min
        return True
