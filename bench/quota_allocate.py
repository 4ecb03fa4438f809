"""Benchmark (not a test): the pure allocation for about 11,000 municipalities.

The municipalities and their populations are SYNTHETIC (random numbers with a fixed seed,
AGS-like keys 99xxxxxx that do not exist); nothing here describes real places.

    .venv/bin/python bench/quota_allocate.py [--n 11000] [--repeat 25]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from teilhabe.reception.apportionment import Claim, allocate


def synthetic_claims(n: int, seed: int = 2024) -> list[Claim]:
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not security
    claims = []
    for i in range(n):
        population = int(rng.lognormvariate(8.2, 1.3)) + 50  # many small, few large
        adjustment = rng.randint(-40, 60) if rng.random() < 0.3 else 0
        claims.append(Claim(key=f"99{i:06d}", weight=population, adjustment=adjustment))
    return claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=11_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--total", type=int, default=250_000)
    args = parser.parse_args()
    claims = synthetic_claims(args.n)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = allocate(args.total, claims)
        times.append(time.perf_counter() - started)
    assert sum(a.population_share for a in result.allocations) == args.total
    print(
        f"{args.n} synthetic municipalities, total {args.total}: "
        f"median {statistics.median(times) * 1000:.1f} ms, "
        f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms ({args.repeat} runs)"
    )


if __name__ == "__main__":
    main()
