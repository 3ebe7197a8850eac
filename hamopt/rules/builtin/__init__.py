"""The built-in rules, one module each (its encoder, its checker, its words)."""
