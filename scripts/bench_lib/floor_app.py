"""The floor app: the stacks' CDK and AWS bindings, one AWS provider and one Route 53 health
check. A synth with these packages cannot cost less; the bench reports the example's synth
as a multiple of this one, run in turn on the same machine.

    python scripts/bench_lib/floor_app.py --outdir DIR
"""

from __future__ import annotations

import argparse

from cdktn import App, TerraformStack
from cdktn_aws.provider import AwsProvider
from cdktn_aws.route_53 import AwsHealthCheck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outdir", required=True)
    args = parser.parse_args()
    app = App(outdir=args.outdir)
    stack = TerraformStack(app, "floor")
    AwsProvider(stack, "aws", region="eu-central-1")
    AwsHealthCheck(
        stack,
        "endpoint",
        type="HTTP_STR_MATCH",
        ip_address="192.0.2.10",
        port=8080,
        resource_path="/health",
        search_string="SIP OK",
        request_interval=10,
        failure_threshold=3,
    )
    app.synth()


if __name__ == "__main__":
    main()
