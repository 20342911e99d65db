"""Shared test setup: no real AWS, no network but loopback, fast moto.

The ``moto_account`` and ``awslint_registry`` fixtures come from awslint's own pytest plugin
(:mod:`awslint.testing`), the same kit custom-check authors use.
"""

import os

# Set before moto or boto3 read them: no credentials leak in, no instance-metadata lookups
# (which would leave loopback), no thousand default AMIs.
os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
    "AWS_EC2_METADATA_DISABLED": "true",
})
for var in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
    os.environ.pop(var, None)
