# %% new
# A scratch tree 2000 folders deep (beyond Python's recursion limit), some of them neither
# listable nor writable, and a read-only wide folder beside it, left for the clean-up.
import os

for level in range(2000):
    os.mkdir("d")
    os.chdir("d")
    with open("f", "w") as handle:
        handle.write("x")
for level in reversed(range(2000)):
    os.chdir("..")
    if level % 250 == 0:
        os.chmod("d", 0o100)
os.mkdir("wide")
for number in range(2000):
    os.mkdir(f"wide/{number}")
os.chmod("wide", 0o500)
