"""``drugtrends undercount``: the hidden population beside the register.

Examples
--------
::

    drugtrends undercount --country KAZ
    drugtrends undercount --country KAZ --estimates estimated_pwid --out kaz_undercount.nc
"""

from __future__ import annotations

import argparse

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``undercount`` subcommand."""
    from drugtrends.cli import iso3

    p = subparsers.add_parser(
        "undercount",
        help="estimated hidden population beside the registered count",
        description=(
            "Benchmark-multiplier estimate of the hidden population, anchored on the dated "
            "independent estimates (and UNODC prevalence x population), with 80 and 95 % "
            "predictive intervals; each population the estimates measure (people who inject "
            "drugs, opiate users, all people who use drugs) is named; a leave-one-out check "
            "is scored beside two trivial baselines."
        ),
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--dataset", metavar="FILE.nc", help="a Dataset written by drugtrends")
    src.add_argument(
        "--country",
        metavar="ISO3",
        type=iso3,
        default=None,
        help="country (shipped data; default KAZ)",
    )
    p.add_argument(
        "--model",
        choices=("total", "share"),
        default="total",
        help="smooth hidden total (default) or logit-linear share",
    )
    p.add_argument(
        "--estimates",
        metavar="NAME",
        action="append",
        help="benchmark indicator (repeatable); default all estimates",
    )
    p.add_argument("--draws", type=int, default=4000, help="simulation draws (4000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (0)")
    p.add_argument("--out", metavar="FILE", help="write the result (.csv or .nc)")
    p.set_defaults(run=run)
    return p


def _check_estimates(ds, country: str | None, names: list[str]) -> None:
    """Refuse ``--estimates`` names that are not estimates of the hidden population.

    The indicators that could be used are the default benchmarks and any ``estimated_*``
    or ``prevalence_*`` indicator in the Dataset's records; the error lists them with the
    number of dated figures each has for the country.

    Raises
    ------
    drugtrends.cli.CLIError
        Naming the unknown indicator(s) and listing those that could be used.
    """
    import difflib

    from drugtrends.cli import CLIError, error_message
    from drugtrends.stats._common import pick_country
    from drugtrends.stats.undercount import BENCHMARKS

    try:
        country = pick_country(ds, country)
    except (KeyError, ValueError) as err:
        raise CLIError(error_message(err)) from None
    try:
        from drugtrends.dataset import records_table

        table = records_table(ds)
        table = table[table["country"] == country]
    except (KeyError, ValueError):  # a Dataset without its records
        table = None
    candidates = set(BENCHMARKS)
    dated: dict[str, int] = {}
    if table is not None:
        candidates |= {
            str(i) for i in table["indicator"] if str(i).startswith(("estimated_", "prevalence_"))
        }
        dated = table[table["year"].notna()].groupby("indicator").size().to_dict()
    unknown = [n for n in names if n not in candidates]
    if not unknown:
        return
    listed = ", ".join(
        f"{c} ({dated.get(c, 0)} dated figure{'' if dated.get(c, 0) == 1 else 's'})"
        for c in sorted(candidates)
    )
    hint = ""
    close = difflib.get_close_matches(unknown[0], sorted(candidates), n=1)
    if close:
        hint = f" (did you mean {close[0]!r}?)"
    raise CLIError(
        f"unknown --estimates indicator{'s' if len(unknown) > 1 else ''} "
        f"{', '.join(map(repr, unknown))}{hint}: not an estimate of the number of people who "
        f"use drugs; indicators that could be used for {country}: {listed}"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``drugtrends undercount``."""
    import math

    from drugtrends.cli import CLIError, check_out, error_message
    from drugtrends.stats._common import fmt_num
    from drugtrends.stats.undercount import undercount

    if args.out:
        check_out(args.out, (".csv", ".nc"))
    if args.dataset:
        from drugtrends.cli.trend import load_input

        ds = load_input(argparse.Namespace(dataset=args.dataset, country=None))
        country = None if ds.sizes.get("country", 0) == 1 else "KAZ"
    else:
        from drugtrends.cli.trend import load_input

        ds = load_input(argparse.Namespace(dataset=None, country=[args.country or "KAZ"]))
        country = args.country or "KAZ"
    if args.draws < 100:
        raise CLIError("--draws must be at least 100")
    if args.estimates:
        _check_estimates(ds, country, args.estimates)
    try:
        uc = undercount(
            ds,
            country,
            model=args.model,
            estimates=args.estimates,
            n_draws=args.draws,
            seed=args.seed,
        )
    except (KeyError, ValueError) as err:
        raise CLIError(error_message(err)) from None
    group = uc.attrs.get("population", "people who use drugs")
    print(f"Estimated number of {group} beside the register ({args.model} model):")
    print(
        f"{'year':<5} {'registered':>11} {'estimate':>13} {'80 % interval':>19} "
        f"{'95 % interval':>19} {'share':>6} {'share 95 %':>11}"
    )
    for y in uc.year.values:
        r = uc.sel(year=y)
        if not math.isfinite(float(r.registered)):
            continue
        print(
            f"{int(y):<5} {fmt_num(float(r.registered)):>11} "
            f"{fmt_num(float(r.hidden_total)):>13} "
            f"{fmt_num(float(r.hidden_total_lower_80)) + '-' + fmt_num(float(r.hidden_total_upper_80)):>19} "  # noqa: E501
            f"{fmt_num(float(r.hidden_total_lower_95)) + '-' + fmt_num(float(r.hidden_total_upper_95)):>19} "  # noqa: E501
            f"{100 * float(r.registration_share):>5.0f}% "
            f"{100 * float(r.registration_share_lower_95):>4.0f}-"
            f"{100 * float(r.registration_share_upper_95):.0f}%"
        )
    if "group" in uc.dims and uc.sizes["group"] > 1:
        last = int(uc.year.values[-1])
        print(f"\nEach population with an estimate, {last} (median, 95 % interval):")
        for g in uc.group.values:
            r = uc.sel(group=g, year=last)
            print(
                f"  {g!s:<28} {fmt_num(float(r.group_median)):>9}  "
                f"{fmt_num(float(r.group_lower_95))}-{fmt_num(float(r.group_upper_95))}"
            )
    print()
    print(uc.attrs["summary"])
    if uc.attrs.get("models_disagree") == "yes":
        print(
            f"WARNING: the {uc.attrs.get('other_model')} model disagrees with this one by "
            "more than their 80 % intervals."
        )
    print("\nIndependent estimates (leave-one-out 95 % prediction from the others):")
    for b in uc.benchmark.values:
        r = uc.sel(benchmark=b)
        year = float(r.benchmark_year)
        when = str(int(year)) if math.isfinite(year) else "undated"
        line = (
            f"  {when:<8} {r.benchmark_population.item()!s:<26} "
            f"{fmt_num(float(r.benchmark_value)):>9}"
        )
        if bool(r.benchmark_used):
            lo, hi = float(r.benchmark_loo_lower_95), float(r.benchmark_loo_upper_95)
            if math.isfinite(lo):
                line += (
                    f"  predicted {fmt_num(lo)}-{fmt_num(hi)}: inside "
                    f"{r.benchmark_loo_covered.item()}, score {float(r.benchmark_loo_score):.2f}"
                )
        else:
            line += f"  not used ({r.benchmark_note.item()})"
        print(line)
    if "leave_one_out_scores" in uc.attrs:
        import json

        sc = json.loads(uc.attrs["leave_one_out_scores"])
        print(f"\nLeave-one-out scores ({sc['n']} benchmarks; 95 % interval score on the log")
        print("scale, lower is better; share of estimates inside the 95 % interval):")
        print(f"  {'method':<44} {'score':>6} {'inside':>7}")
        for key, label in (
            ("model", f"this model ({args.model})"),
            ("band", "geometric mean of the others x/÷ 2"),
            ("multiple", "register x mean multiple of the others, x/÷ 2"),
        ):
            print(
                f"  {label:<44} {sc[key]['interval_score']:>6.2f} {100 * sc[key]['inside']:>6.0f}%"
            )
        print(uc.attrs["leave_one_out_verdict"])
    print(f"\nMethod: {uc.attrs['method']}.")
    print(f"Caveat: {uc.attrs.get('caveat', '')}")
    if args.out:
        if args.out.lower().endswith(".nc"):
            from drugtrends.dataset import write_dataset

            write_dataset(uc, args.out)
        else:  # .csv (checked above)
            from drugtrends._io import atomic_path, spreadsheet_safe_frame

            frame = uc.drop_dims(["benchmark", "quantile"]).to_dataframe()
            with atomic_path(args.out) as tmp:
                spreadsheet_safe_frame(frame).to_csv(tmp)
        print(f"\nwrote {args.out}")
    return 0
