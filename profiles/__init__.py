"""Built-in lint profiles (YAML files), installed as package data ``awslint.profiles``."""
