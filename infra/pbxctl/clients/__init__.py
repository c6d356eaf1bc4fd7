"""The cloud APIs `pbxctl` uses: Route 53 and EC2 (boto3), Hetzner (hcloud).

Each client turns API failures into one `PbxError` sentence. The CLI builds them only
inside commands (`infra.pbxctl.context`), so `pbxctl --help` never loads boto3 or hcloud.
"""
