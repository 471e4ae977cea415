"""`make bench`: build time per bulletin must stay flat as bulletins grow.

Builds the demo with 0, 200 and 2,000 generated bulletins (search indexing off, so the
figure is MkDocs + bantin's hooks; Pagefind is timed separately) and checks that the
marginal cost per bulletin at 2,000 is at most 1.3 × that at 200. Prints a table and exits
non-zero when the target is missed.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sitebuild import build_env, copy_project, mkdocs_build, write_bulletins  # noqa: E402

SIZES = (0, 200, 2000)
CATEGORIES = ("tin-tuc-su-kien", "chuyen-doi-so", "thong-bao", "cai-cach-hanh-chinh")
TARGET = 1.3


def project_with(root: Path, count: int) -> Path:
    project = copy_project(root / f"p{count}")
    per_category = count // len(CATEGORIES)
    for index, category in enumerate(CATEGORIES):
        write_bulletins(project, per_category, category, first=1 + index * per_category)
    return project


def timed_build(project: Path, site: Path, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        result = mkdocs_build(project, site, build_env(search=False))
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        best = min(best, elapsed)
    return best


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        times = {n: timed_build(project_with(root, n), root / f"site{n}") for n in SIZES}
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root / f"site{SIZES[-1]}"), "--silent"],
                       check=True)
        search = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    base = times[0]
    marginal = {n: (times[n] - base) / n for n in SIZES if n}
    ratio = marginal[SIZES[-1]] / marginal[SIZES[1]]
    print("bulletins  build (s)  per bulletin beyond the demo (ms)")
    for n in SIZES:
        print(f"{n:>9}  {times[n]:>9.2f}  {marginal[n] * 1000:>10.2f}" if n else f"{n:>9}  {times[n]:>9.2f}")
    print(f"ratio 2000/200 per bulletin: {ratio:.2f} (target ≤ {TARGET})")
    print(f"Pagefind on {SIZES[-1]} bulletins: {search:.2f} s; peak memory of a build: {peak:.0f} MB")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
