# %% new
import os

os._exit(0)                       # threat 3: the notebook's process leaves while its cells run

# %% new
import sys

sys.exit("done grading, thank you")

# %% new
raise SystemExit(0)

# %% new
import os

os.abort()

# %% new
import time

time.sleep(3600)                  # threat 4 at the top level: a cell that never ends
