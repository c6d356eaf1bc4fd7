"""The CDK Terrain stacks of pbx-failover: the only package that imports the CDK.

`python -m stacks` (the app in cdktf.json) builds `<site>-primary`, `<site>-backup` and
`<site>-dns` for every site of the config and synthesizes them into `cdktf.out/`.
"""
