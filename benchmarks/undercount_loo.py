"""Leave-one-out check of the undercount models beside two trivial baselines.

Each dated, non-derived benchmark of the shipped Kazakhstan data is predicted from the
others by :func:`drugtrends.stats.undercount.leave_one_out` (``model="total"`` and
``"share"``), and scored with the 95 % interval score on the log scale (lower is better)
and whether the point lies inside the 95 % interval, beside the geometric mean of the
other benchmarks x/÷ 2 and the register times the others' mean multiple, x/÷ 2.

Run: ``PYTHONPATH=src python benchmarks/undercount_loo.py`` (seconds).
"""

from __future__ import annotations

import drugtrends as dt
from drugtrends.stats._common import fmt_num
from drugtrends.stats.undercount import leave_one_out, loo_scores


def main() -> None:
    ds = dt.load_dataset("KAZ")
    for model in ("total", "share"):
        loo = leave_one_out(ds, "KAZ", model=model, n_draws=4000, seed=0)
        print(f"model={model}")
        print(
            "| year | population | benchmark | model 95 % | score | band 95 % | score "
            "| multiple 95 % | score |"
        )
        print("|---:|:---|---:|:---|---:|:---|---:|:---|---:|")
        for r in loo.itertuples(index=False):
            print(
                f"| {r.year} | {r.population} | {fmt_num(r.value)} "
                f"| {fmt_num(r.lower_95)}-{fmt_num(r.upper_95)} | {r.score:.2f} "
                f"| {fmt_num(r.band_lower)}-{fmt_num(r.band_upper)} | {r.band_score:.2f} "
                f"| {fmt_num(r.multiple_lower)}-{fmt_num(r.multiple_upper)} "
                f"| {r.multiple_score:.2f} |"
            )
        sc = loo_scores(loo)
        print()
        print("| method | mean 95 % interval score | points inside |")
        print("|:---|---:|---:|")
        for key, label in (
            ("model", f"model ({model})"),
            ("band", "geometric mean of the others x/÷ 2"),
            ("multiple", "register x mean multiple, x/÷ 2"),
        ):
            print(f"| {label} | {sc[key]['interval_score']:.3f} | {sc[key]['inside']:.0%} |")
        print(f"\n{sc['verdict']}\n")


if __name__ == "__main__":
    main()
