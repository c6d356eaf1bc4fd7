"""Print a table of the synthesized stacks: resources, data sources and outputs per stack."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table


def main(outdir: Path) -> int:
    table = Table(title=f"Synthesized stacks in {outdir}/stacks")
    for column in ("stack", "resources", "data sources", "outputs", "resource types"):
        table.add_column(column, justify="right" if column in ("resources", "data sources", "outputs") else "left")
    for path in sorted(outdir.glob("stacks/*/cdk.tf.json")):
        doc = json.loads(path.read_text())
        types = Counter({kind: len(items) for kind, items in doc.get("resource", {}).items()})
        data = sum(len(items) for items in doc.get("data", {}).values())
        top = ", ".join(f"{kind} x{count}" if count > 1 else kind for kind, count in types.most_common(4))
        table.add_row(path.parent.name, str(sum(types.values())), str(data), str(len(doc.get("output", {}))), top)
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "cdktf.out")))
