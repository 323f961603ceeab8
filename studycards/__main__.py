"""`python -m studycards` runs the CLI."""

from studycards.cli import main

if __name__ == "__main__":
    main()
