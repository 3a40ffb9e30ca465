"""Helpers for the migrations (the loader skips modules named with a leading _)."""


def on(vendor, statements):
    """A RunPython function that executes ``statements`` on ``vendor``'s
    databases only, for SQL the other database has no equivalent of."""

    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for statement in statements:
                schema_editor.execute(statement)

    return apply
