"""Allow ``python -m awslint``."""

from awslint.cli import main

if __name__ == "__main__":
    main()
