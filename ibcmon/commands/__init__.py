"""The CLI's commands, one module per area; each module lists its commands in COMMANDS."""
from ibcmon.commands import audit, collect, deliver, grade, links, recheck, report, review, sample

COMMAND_MODULES = [collect, audit, grade, links, report, deliver, sample, review, recheck]
