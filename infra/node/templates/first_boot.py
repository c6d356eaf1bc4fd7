# First boot: cloud-init's tree becomes the current generation, as infra/node/install.py
# lays it out. Argument: GENERATION. No secrets exist yet: the first sync brings them.
import json
import os
import sys
import time

ROOT = os.environ.get("PBX_FAILOVER_ROOT", "").rstrip("/")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from health_agent import file_digest, tree_digest  # type: ignore[import-not-found]  # noqa: E402

generation = sys.argv[1]
state = f"{ROOT}/var/lib/pbx-failover"
tree = f"{state}/generations/{generation}/asterisk"
files = {}
for folder, _, names in os.walk(tree):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            files[os.path.relpath(handle.name, tree)] = file_digest(handle.read())
manifest = {
    "format": 1,
    "generation": generation,
    "tree": tree_digest(files),
    "files": dict(sorted(files.items())),
    "secrets": {"files": [], "generation": None},
    "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "installed_by": "first boot (cloud-init)",
}
with open(f"{state}/generations/{generation}/manifest.json", "w") as handle:
    json.dump(manifest, handle, indent=1, sort_keys=True)
os.symlink(f"generations/{generation}", f"{state}/current.new")
os.replace(f"{state}/current.new", f"{state}/current")
etc = f"{ROOT}/etc/asterisk"
if os.path.isdir(etc) and not os.path.islink(etc):
    os.rename(etc, f"{state}/asterisk.dist")
os.makedirs(os.path.dirname(etc), exist_ok=True)
os.symlink(f"{state}/current/asterisk", f"{etc}.pbx-failover-new")
os.replace(f"{etc}.pbx-failover-new", etc)
