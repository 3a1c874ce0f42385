"""Allow `python -m careerbook`."""

from careerbook.cli import main

main()
