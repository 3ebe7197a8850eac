"""A mutation fuzzer over every input kind and command (issue 21, item 7).

Seeded and bounded: case ``i`` of seed ``s`` is always the same input and command line, so
any failure replays from its two numbers. Inputs start from shipped files (scenarios, the
rule set, programs, a catalog, a gym profile and a roster) and are mutated as text (bytes,
lines, tokens, control characters, huge keys), as data (a value replaced, a key dropped or
added, an item repeated, deep nesting) and as CSV cells (hostile client ids, a 140 KiB cell);
command options are mutated too (limits, dates, formats, output paths that cannot be
written). Commands run in this process through click's CliRunner (a roster through the batch
worker's own function and the batch's output writer), so thousands of cases run in minutes.

Each case is classified (:mod:`benchmarks.fuzz.core`):

* ``clean``: exit 0, 1, 2 or 3 with no traceback and every message well formed;
* ``traceback``: an exception escaped;
* ``hang``: the case passed its wall-clock bound (a SIGALRM cuts it);
* ``wrong_exit``: an exit code that is not 0/1/2/3, or exit 2 with no message;
* ``no_file`` / ``no_line``: an error message without the file it is about, or about a
  file's content without the line;
* ``disagree``: ``hamopt validate`` and the command disagree on the same file.

``python -m benchmarks.fuzz --count 20000`` (``make fuzz``) runs a long campaign; a short one
runs in ``make test`` (tests/fuzz/).
"""
