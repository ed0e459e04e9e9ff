import sys

from drugtrends.cli import main

sys.exit(main())
