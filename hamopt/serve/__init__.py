"""hamopt as a service: the HTTP API (`/v1/...`), its OpenAPI and the coach's page at `/`.

`hamopt serve` runs :func:`hamopt.serve.app.create_app` under uvicorn. The layer sits above
`batch` and `study` and below `cli`: requests are parsed and checked here (the same
InputError wording as the CLI's, as 422), the work is done by `hamopt.api`, `hamopt.render`,
`hamopt.batch` and `hamopt.study` in worker processes (hamopt/serve/workers.py), so a crash in
a solve costs that request, never the server.
"""
