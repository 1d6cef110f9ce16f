"""Per-group values and group differences, each with a seeded bootstrap interval.

A group's value of a measure is the ratio of sums over its documents (see
`measures`); its 95 % interval comes from a Poisson bootstrap: each document
enters each of `RESAMPLES` resamples a Poisson(1) number of times (seeded, so
the same input gives the same report). The resampled sums are kept per group as
documents stream past, so memory does not grow with the number of documents,
and partial sums from several processes or Dask partitions simply add up.
Differences between groups use the groups' own resamples, drawn independently.

Many measures are compared at once, so some would look different by chance
alone. A difference is called *clear* only when it is larger than noise at a
level that keeps the chance of any false alarm across all the comparisons of the
report (measures x pairs of groups) at 5 % (Bonferroni: |difference| / bootstrap
standard error above the normal quantile of 1 - 0.05 / (2 x comparisons)). Otherwise the report says it is
within noise, and shows the 95 % interval either way.

Groups with fewer than `min_group` documents are pooled into one group, or
withheld when even the pool is smaller than that, so that no one document's
group can be singled out.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Sequence

import numpy as np

from inclusivelint.insights.measures import Measure

RESAMPLES = 2000
SEED = 20260101
ALPHA = 0.05
POOLED = "small groups pooled (each under {n} documents)"


@dataclass(frozen=True, slots=True)
class Estimate:
    value: float | None
    low: float | None
    high: float | None
    documents: int  # documents that say something about this measure (denominator > 0)

    def as_dict(self) -> dict:
        return {"value": _r(self.value), "low": _r(self.low), "high": _r(self.high),
                "documents": self.documents}


@dataclass(frozen=True, slots=True)
class Difference:
    measure: str
    group: str
    other: str
    difference: float | None
    low: float | None
    high: float | None
    clear: bool
    sentence: str

    def as_dict(self) -> dict:
        return {"measure": self.measure, "group": self.group, "other": self.other,
                "difference": _r(self.difference), "low": _r(self.low), "high": _r(self.high),
                "clear": self.clear, "sentence": self.sentence}


@dataclass
class Groups:
    """The groups shown, and which group value goes into which of them."""

    names: list[str]  # shown groups, largest first, the pool last
    sizes: dict[str, int]
    name_of: dict[str, str]  # group value -> shown group (values withheld are absent)
    pooled: int = 0  # small groups merged into the pool
    withheld_groups: int = 0
    withheld_documents: int = 0

    def as_dict(self) -> dict:
        return {"groups": [{"name": n, "documents": self.sizes[n]} for n in self.names],
                "pooled_groups": self.pooled, "withheld_groups": self.withheld_groups,
                "withheld_documents": self.withheld_documents}


def form_groups(counts: dict[str, int], min_group: int) -> Groups:
    """Groups of at least `min_group` documents stand alone; smaller ones are pooled when
    there are two or more of them and the pool reaches `min_group`, else withheld."""
    small = {k for k, n in counts.items() if n < min_group}
    pool_size = sum(counts[k] for k in small)
    pool = POOLED.format(n=min_group)
    pooled = len(small) > 1 and pool_size >= min_group
    name_of = {k: k for k in counts if k not in small}
    if pooled:
        name_of.update({k: pool for k in small})
    sizes: Counter = Counter()
    for k, n in counts.items():
        if k in name_of:
            sizes[name_of[k]] += n
    names = sorted(sizes, key=lambda n: (n == pool and pooled, -sizes[n], n))
    return Groups(names, dict(sizes), name_of, len(small) if pooled else 0,
                  0 if pooled else len(small), 0 if pooled else pool_size)


@dataclass
class Aggregates:
    measures: tuple[Measure, ...]
    groups: Groups
    overall: dict[str, Estimate]
    by_group: dict[str, dict[str, Estimate]]
    differences: list[Difference] = field(default_factory=list)
    threshold: float = 0.0  # |difference| / SE above which a difference is clear
    comparisons: int = 0  # measures x pairs of groups compared
    histograms: dict[str, list[int]] = field(default_factory=dict)  # per group, over `bins`
    bins: list[float] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "method": {"interval": "95 % bootstrap percentile interval", "resamples": RESAMPLES,
                       "seed": SEED, "clear_if": f"|difference| / bootstrap SE > {self.threshold:.2f} "
                       f"(Bonferroni over {self.comparisons} comparisons: measures x pairs of groups; family-wise 5 %)"},
            "measures": [m.as_dict() for m in self.measures],
            **self.groups.as_dict(),
            "overall": {m: e.as_dict() for m, e in self.overall.items()},
            "by_group": {g: {m: e.as_dict() for m, e in es.items()} for g, es in self.by_group.items()},
            "differences": [d.as_dict() for d in self.differences],
            "histogram": {"edges": self.bins, "counts": self.histograms},
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


class Tally:
    """Running sums of one group: point sums, resampled sums and a histogram."""

    __slots__ = ("documents", "num", "den", "said", "boot_num", "boot_den", "histogram")

    def __init__(self, measures: int, bins: int):
        self.documents = 0
        self.num = np.zeros(measures)
        self.den = np.zeros(measures)
        self.said = np.zeros(measures, dtype=np.int64)  # documents with a denominator > 0
        self.boot_num = np.zeros((RESAMPLES, measures))
        self.boot_den = np.zeros((RESAMPLES, measures))
        self.histogram = np.zeros(bins, dtype=np.int64)

    def add(self, num: np.ndarray, den: np.ndarray, weights: np.ndarray, bins: np.ndarray) -> None:
        self.documents += num.shape[0]
        self.num += num.sum(0)
        self.den += den.sum(0)
        self.said += (den > 0).sum(0)
        self.boot_num += weights @ num
        self.boot_den += weights @ den
        np.add.at(self.histogram, bins, 1)

    def merge(self, other: "Tally") -> "Tally":
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def minus(self, other: "Tally") -> "Tally":
        out = Tally(0, 0)
        for name in self.__slots__:
            setattr(out, name, getattr(self, name) - getattr(other, name))
        return out

    def estimates(self, scale: np.ndarray):
        return (_ratio(self.num, self.den, scale), _ratio(self.boot_num, self.boot_den, scale), self.said)


class Accumulator:
    """Tallies per group value, fed a block of documents at a time; `merge` adds another's."""

    def __init__(self, measures: int, *, seed: Sequence[int] = (SEED,), bins: Sequence[float] = ()):
        self.measures = measures
        self.edges = np.asarray(bins, dtype=float)
        self.tallies: dict[str, Tally] = {}
        self.rng = np.random.default_rng([*seed])

    def add(self, keys: Sequence[str], num: np.ndarray, den: np.ndarray, values: np.ndarray) -> None:
        """`num`, `den`: (documents, measures); `values`: the value each document adds to
        the histogram (NaN: none)."""
        if not len(keys):
            return
        weights = self.rng.poisson(1.0, size=(RESAMPLES, len(keys))).astype(float)
        bins = np.clip(np.searchsorted(self.edges, values, side="right") - 1, 0, max(0, len(self.edges) - 2))
        bins = np.where(np.isnan(values), -1, bins)
        keys = np.asarray(keys, dtype=object)
        for key in dict.fromkeys(keys.tolist()):
            rows = np.flatnonzero(keys == key)
            tally = self.tallies.get(key)
            if tally is None:
                tally = self.tallies[key] = Tally(self.measures, max(0, len(self.edges) - 1))
            b = bins[rows]
            tally.add(num[rows], den[rows], weights[:, rows], b[b >= 0])

    def merge(self, other: "Accumulator") -> "Accumulator":
        for key, tally in other.tallies.items():
            if key in self.tallies:
                self.tallies[key].merge(tally)
            else:
                self.tallies[key] = tally
        return self


def _ratio(num: np.ndarray, den: np.ndarray, scale: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1) * scale, np.nan)


def aggregate(measures: Sequence[Measure], acc: Accumulator, min_group: int = 5) -> Aggregates:
    """Group values and differences from the tallies of `acc`."""
    measures = tuple(measures)
    scale = np.array([m.scale for m in measures], dtype=float)
    sizes = {k: t.documents for k, t in acc.tallies.items()}
    groups = form_groups(sizes, min_group)
    tallies: dict[str, Tally] = {}
    for key, tally in acc.tallies.items():
        name = groups.name_of.get(key)
        if name is not None:
            tallies[name] = tallies[name].merge(tally) if name in tallies else _clone(tally)
    everyone = _clone(tallies[groups.names[0]]) if groups.names else Tally(len(measures), 0)
    for name in groups.names[1:]:
        everyone.merge(tallies[name])

    def table(estimates) -> dict[str, Estimate]:
        point, boot, docs = estimates
        out = {}
        for j, m in enumerate(measures):
            col = boot[:, j][~np.isnan(boot[:, j])]
            ok = docs[j] > 0 and col.size
            out[m.id] = Estimate(float(point[j]) if docs[j] else None,
                                 float(np.percentile(col, 2.5)) if ok else None,
                                 float(np.percentile(col, 97.5)) if ok else None, int(docs[j]))
        return out

    result = Aggregates(measures, groups, table(everyone.estimates(scale)),
                        {g: table(tallies[g].estimates(scale)) for g in groups.names},
                        histograms={g: tallies[g].histogram.tolist() for g in groups.names},
                        bins=acc.edges.tolist())
    if len(groups.names) == 2:
        a, b = groups.names
        pairs = [(a, b, tallies[b])]
    elif len(groups.names) > 2:
        pairs = [(g, "the other groups", everyone.minus(tallies[g])) for g in groups.names]
    else:
        pairs = []
    result.comparisons = len(measures) * len(pairs)
    result.threshold = NormalDist().inv_cdf(1 - ALPHA / (2 * max(1, result.comparisons)))
    for name, other, rest in pairs:
        result.differences += _differences(measures, name, other, tallies[name].estimates(scale),
                                           rest.estimates(scale), min_group, result)
    return result


def _clone(tally: Tally) -> Tally:
    out = Tally(0, 0)
    for name in Tally.__slots__:
        value = getattr(tally, name)
        setattr(out, name, value.copy() if isinstance(value, np.ndarray) else value)
    return out


def _differences(measures, name, other, a, b, min_group, result: Aggregates) -> list[Difference]:
    (pa, ba, da), (pb, bb, db) = a, b
    out = []
    for j, m in enumerate(measures):
        if da[j] < min_group or db[j] < min_group:
            out.append(Difference(m.id, name, other, None, None, None, False,
                                  f"Too few documents to compare {m.label}: {int(da[j])} in {name} "
                                  f"and {int(db[j])} in {other} say anything about it (at least "
                                  f"{min_group} each are needed)."))
            continue
        ok = ~np.isnan(ba[:, j]) & ~np.isnan(bb[:, j])
        diffs = ba[ok, j] - bb[ok, j]
        d = float(pa[j] - pb[j])
        low, high = (float(np.percentile(diffs, q)) for q in (2.5, 97.5))
        # The bootstrap under-states a small group's variance by (n - 1) / n; undo that.
        se = math.sqrt(_var(ba[ok, j]) * da[j] / (da[j] - 1) + _var(bb[ok, j]) * db[j] / (db[j] - 1))
        clear = bool(se > 0 and abs(d) / se > result.threshold) or bool(se == 0 and d != 0)
        out.append(Difference(m.id, name, other, d, low, high, clear,
                              _sentence(m, name, other, float(pa[j]), float(pb[j]), d, low, high, clear, result.comparisons)))
    return out


def _var(x: np.ndarray) -> float:
    return float(x.var(ddof=1)) if x.size > 1 else 0.0


def _fmt(x: float) -> str:
    return f"{x:,.1f}" if abs(x) >= 1 or x == 0 else f"{x:.2f}"


def _sentence(m: Measure, name, other, va, vb, d, low, high, clear, comparisons: int) -> str:
    unit = "" if m.unit == "score" else f" {m.unit}"
    if d < 0:  # say it from the side that has more, with the interval turned to match
        name, other, va, vb, d, low, high = other, name, vb, va, -d, -high, -low
    both = f"{_fmt(va)} against {_fmt(vb)}{unit}"
    interval = f"95 % interval of the difference {_fmt(low)} to {_fmt(high)}"
    if clear:
        return f"{name[:1].upper()}{name[1:]}: {m.more} than {other}, {both} ({interval})."
    if low > 0:
        why = (f"a difference this size is expected by chance somewhere among the {comparisons} "
               f"comparisons made, so it is not called clear ({interval})")
    else:
        why = f"the difference is within noise ({interval})"
    return f"No clear difference in {m.label} between {name} and {other}: {both}; {why}."
