"""Date expressions shared by the counts and the pages."""

from django.db.models import CharField, Func, IntegerField


class Year(Func):
    """The year of a date as a number; plain text slicing on SQLite, where
    Django's ExtractYear calls back into Python for every row."""

    output_field = IntegerField()
    template = "EXTRACT(YEAR FROM %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(substr(%(expressions)s, 1, 4) AS integer)"
        )


class YearMonth(Func):
    """A date's month as 'YYYY-MM'."""

    output_field = CharField()
    template = "to_char(%(expressions)s, 'YYYY-MM')"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)")
