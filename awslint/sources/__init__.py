"""Built-in sources, one module per AWS service. Every module-level :class:`Source` is registered."""
