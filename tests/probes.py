"""Source text for the child processes that memory tests start (``python -c``)."""

PEAK_RSS = """
import resource

def peak_rss() -> int:
    '''This process's own peak RSS in bytes: VmHWM, which starts afresh at exec (ru_maxrss
    would carry over a large parent's figure into a forked child on Linux).'''
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
"""
"""Defines ``peak_rss()``: prepend it to a probe's source."""
