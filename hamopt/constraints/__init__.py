"""One module per training rule; see base.py for the contract and registry.py for the list."""
