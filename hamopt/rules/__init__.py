"""The rule SDK: the contract every rule implements, the contexts it sees, the registry,
rule sets, rule docs and the testing kit; ``builtin/`` holds one module per built-in rule."""
