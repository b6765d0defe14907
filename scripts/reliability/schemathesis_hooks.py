"""Schemathesis hooks for scripts/reliability/fuzz.ts (loaded through SCHEMATHESIS_HOOKS).

A pagination cursor is opaque: the service decodes only cursors it issued and answers a made-up
one with a 400 naming `cursor` (no JSON Schema can say "a value this server produced"). So a case
whose query was generated as *valid* data asks for the first page (an empty cursor, which the spec
allows). Invalid-data cases keep whatever cursor they were given, and the stateful phase follows
the specs' `nextPage` links with real cursors.
"""
import schemathesis


def _is_stateful(meta) -> bool:
    name = getattr(meta.phase.name, "value", meta.phase.name)
    return str(name).lower() == "stateful"


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    meta = case.meta
    query = case.query
    if meta is None or not query or _is_stateful(meta):
        return
    if any(str(getattr(loc, "value", loc)) == "query" and info.mode.is_negative for loc, info in meta.components.items()):
        return
    cursor = query.get("cursor")
    if isinstance(cursor, str) and cursor != "":
        query["cursor"] = ""
