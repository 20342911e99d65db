"""Built-in checks, one module per area (installed as ``awslint.checks``).

Every module-level function decorated with :func:`awslint.check` is registered.
"""
