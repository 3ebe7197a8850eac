"""Running work in other processes: the local pool (a fork server) and Dask. Knows no training."""
