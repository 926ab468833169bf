"""The pages of a synthetic story and their sizes: how a big story is split.

Writes the story of the given scale into a temporary folder, renders its site in
memory (nothing kept), and prints how many pages each folder has, the largest
page of each, and the largest pages of all, in bytes.

    .venv/bin/python bench/page_sizes.py                 # scale 1000: 10,000 events
    .venv/bin/python bench/page_sizes.py --scale 31 --top 5
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_links import rendered  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--top", type=int, default=8, help="how many of the largest to list")
    args = parser.parse_args()
    files, _seconds = rendered(args.scale)
    pages = {name: len(data) for name, data in files.items() if name.endswith(".html")}
    by_folder: dict[str, list[int]] = defaultdict(list)
    for name, size in pages.items():
        by_folder[name.split("/")[0] if "/" in name else "(root)"].append(size)
    print(f"{len(pages)} pages, {sum(pages.values()):,} bytes in all")
    for name, sizes in sorted(by_folder.items()):
        print(f"  {name}: {len(sizes)} pages, the largest {max(sizes):,} bytes")
    print(f"the {args.top} largest:")
    for name, size in sorted(pages.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {size:>10,}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
