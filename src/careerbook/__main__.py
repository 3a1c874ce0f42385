"""Allow `python -m careerbook`."""

from careerbook.cli.main import main

main()
