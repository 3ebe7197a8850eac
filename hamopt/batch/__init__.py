"""Programs for a whole gym: a roster through the local pool or Dask, outputs per client."""
