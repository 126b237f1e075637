import sys

from .cli import exit_with, main

exit_with(main(sys.argv[1:]))
