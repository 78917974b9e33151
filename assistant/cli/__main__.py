"""`python -m assistant.cli`: the same as the `coach` console script."""

from assistant.cli import main

if __name__ == "__main__":
    main()
