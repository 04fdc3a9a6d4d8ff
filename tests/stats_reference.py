"""Moodle's quiz statistics computed straight from their definitions, two passes over the raw
marks, with no sufficient statistics: the oracle the kept sums are checked against."""

from math import sqrt
from statistics import mean


def _var(values):
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1)


def _cov(u, v):
    mu, mv = mean(u), mean(v)
    return sum((a - mu) * (b - mv) for a, b in zip(u, v, strict=True)) / (len(u) - 1)


def reference(attempts: list[dict[int, int]]) -> dict:
    """attempts: each a mapping question id -> mark (0/1), all over the same questions."""
    s = len(attempts)
    qids = sorted(attempts[0])
    totals = [sum(a.values()) for a in attempts]
    out: dict = {"s": s, "mean": mean(totals)}
    ordered = sorted(totals)
    out["median"] = (ordered[(s - 1) // 2] + ordered[s // 2]) / 2
    out["sd"] = sqrt(_var(totals)) if s > 1 else None
    d = [t - out["mean"] for t in totals]
    m2 = sum(x**2 for x in d) / s
    m3 = sum(x**3 for x in d) / s
    m4 = sum(x**4 for x in d) / s
    k2 = s * m2 / (s - 1) if s > 1 else None
    out["skewness"] = (s * s * m3 / ((s - 1) * (s - 2))) / k2**1.5 if s > 2 and k2 else None
    out["kurtosis"] = (
        s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3)) / k2**2
        if s > 3 and k2 else None
    )
    p = len(qids)
    item_var = {q: _var([a[q] for a in attempts]) if s > 1 else None for q in qids}
    if p > 1 and k2 and s > 1:
        out["cic"] = 100 * p / (p - 1) * (1 - sum(item_var.values()) / k2)
        out["error_ratio"] = 100 * sqrt(1 - out["cic"] / 100)
        out["standard_error"] = out["error_ratio"] * out["sd"] / 100
    else:
        out["cic"] = out["error_ratio"] = out["standard_error"] = None
    items = {}
    covs = {q: _cov([a[q] for a in attempts], totals) if s > 1 else None for q in qids}
    root_total = sum(sqrt(c) for c in covs.values() if c is not None and c >= 0)
    for q in qids:
        x = [a[q] for a in attempts]
        y = [t - xi for t, xi in zip(totals, x, strict=True)]
        item = {"facility": 100 * mean(x), "discrimination": None, "efficiency": None,
                "sd": 100 * sqrt(item_var[q]) if item_var[q] is not None else None,
                "effective_weight": None}
        if s > 1:
            cxy = _cov(x, y)
            vx, vy = _var(x), _var(y)
            if vx > 0 and vy > 0:
                item["discrimination"] = 100 * cxy / sqrt(vx * vy)
            cmax = _cov(sorted(x), sorted(y))
            if cmax > 0:
                item["efficiency"] = 100 * cxy / cmax
            if covs[q] >= 0 and root_total > 0:
                item["effective_weight"] = 100 * sqrt(covs[q]) / root_total
        items[q] = item
    out["items"] = items
    return out
