"""Make a big export quickly from a generated one: its posts repeated with new ids and links.

    python bench/wxr_inflate.py var/bench-import/wxr-10000-1.xml --mb 1000 --out big.xml

For measuring how the import's reading of the file behaves at 1 GB (memory stays flat) without
generating a gigabyte of sentences one word at a time.
"""

import argparse
import re
from pathlib import Path

NUMBERED = re.compile(r"(<wp:post_id>|<wp:comment_id>|\?p=|%d8%ae%d8%a8%d8%b1-|خبر-)(\d+)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--mb", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    text = args.source.read_text(encoding="utf-8")
    head, _, rest = text.partition("\t<item>")
    items, _, tail = ("\t<item>" + rest).rpartition("</channel>")
    target = args.mb * 1_000_000
    copies = 0
    with args.out.open("w", encoding="utf-8") as out:
        out.write(head)
        while out.tell() < target:
            offset = copies * 10_000_000
            out.write(NUMBERED.sub(lambda m, o=offset: f"{m[1]}{int(m[2]) + o}", items))
            copies += 1
        out.write("</channel>" + tail)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.0f} MB, {copies} copies)")


if __name__ == "__main__":
    main()
