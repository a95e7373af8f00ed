"""Task functions for the APScheduler side of the benchmarks (referenced as benchtasks:noop)."""


def noop():
    pass
