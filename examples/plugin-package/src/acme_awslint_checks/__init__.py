"""ACME's awslint checks (entry point ``awslint.checks: acme = acme_awslint_checks.checks``)."""
