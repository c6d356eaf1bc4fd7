"""What every stack shares: the state backend, chosen from the config in one place."""

from __future__ import annotations

from cdktn import S3Backend, TerraformStack

from infra.config import Config


def use_backend(stack: TerraformStack, config: Config, stack_name: str) -> None:
    """Local state by default; S3 with Terraform's lock file when the config says so."""
    state = config.state
    if state.backend == "s3":
        assert state.bucket is not None and state.region is not None  # the config checks it
        S3Backend(
            stack,
            bucket=state.bucket,
            key=f"{state.key_prefix}/{stack_name}.tfstate",
            region=state.region,
            encrypt=True,
            use_lockfile=state.use_lockfile,
        )
    # Otherwise the CDK's default local backend: terraform.<stack>.tfstate in the project.
