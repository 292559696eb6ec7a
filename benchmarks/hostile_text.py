"""How reading and checking grow with text built to make them work: a sentence of the example city report
lengthened by a long run of one kind (digits, letters, dotted letters, numbers with units, …), and the same run
spread over many paragraphs. Prints the time of `check` in this process for each size and the ratio per doubling
(linear: about 2×; the numbers a report's text may hold are checked up to a limit that a finding states).

.venv/bin/python benchmarks/hostile_text.py [--sizes 100000,200000,400000]   (also `benchmarks/run.py --hostile-text`)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = {
    "数字 9": "9",
    "字母 a": "a",
    "a.": "a.",
    "a-": "a-",
    "数字和空格": "9 ",
    "9件": "9件",
    "9、": "9、",
    "尚9未": "尚9未",
    "汉字": "中",
    "空格": " ",
}
SIZES = (100_000, 200_000, 400_000)


def _report(folder: Path, unit: str, size: int, *, paragraphs: bool) -> Path:
    city = (ROOT / "tests" / "fixtures" / "shili-city-2024.txt").read_text(encoding="utf-8").splitlines()
    run = unit * (size // len(unit))
    if paragraphs:  # the run cut into paragraphs of 2,500 characters, one after another in 一
        city[16] += "".join("\n" + run[i : i + 2500] + "。" for i in range(0, len(run), 2500))
    else:
        city[16] += run + "。"
    path = folder / f"r-{len(unit)}-{size}-{paragraphs}.txt"
    path.write_text("\n".join(city), encoding="utf-8")
    return path


def bench_hostile_text(sizes: tuple[int, ...] = SIZES) -> None:
    from app.checking import check_path

    print(
        f"长串文字的读取与检查（check，本进程计时；{'/'.join(f'{s:,}' for s in sizes)} 字；每翻一倍的用时比，线性约 2×）"
    )
    with tempfile.TemporaryDirectory(prefix="nianbao-hostile-") as tmp:
        for paragraphs in (False, True):
            print("  一句之中：" if not paragraphs else "  分成每段 2,500 字：")
            for name, unit in RUNS.items():
                times = []
                for size in sizes:
                    path = _report(Path(tmp), unit, size, paragraphs=paragraphs)
                    start = time.perf_counter()
                    check_path(path)
                    times.append(time.perf_counter() - start)
                ratios = " ".join(f"{b / a:.2f}×" for a, b in zip(times, times[1:], strict=False) if a > 0)
                print(f"    {name:<6} " + " ".join(f"{t:6.2f} s" for t in times) + f"   每翻一倍 {ratios}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="字数，逗号分隔")
    args = p.parse_args()
    bench_hostile_text(tuple(int(s) for s in args.sizes.split(",")))


if __name__ == "__main__":
    main()
