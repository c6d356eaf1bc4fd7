"""Print a table of the synthesized stacks: resources, data sources and outputs per stack."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table


def main(outdir: Path) -> int:
    table = Table(title=f"Synthesized stacks in {outdir}/stacks")
    table.add_column("stack")
    for column in ("resources", "data sources", "outputs", "JSON size"):
        table.add_column(column, justify="right")
    for path in sorted(outdir.glob("stacks/*/cdk.tf.json")):
        doc = json.loads(path.read_text())
        count = sum(len(items) for items in doc.get("resource", {}).values())
        data = sum(len(items) for items in doc.get("data", {}).values())
        size = f"{path.stat().st_size / 1024:.0f} KiB"
        table.add_row(
            path.parent.name, str(count), str(data), str(len(doc.get("output", {}))), size
        )
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "cdktf.out")))
