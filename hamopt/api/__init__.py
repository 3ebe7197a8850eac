"""The library calls an interface makes: solve (with an explanation when infeasible), check."""
