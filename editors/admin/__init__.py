"""The editors' workplace: import, correct, publish, moderate and curate.

Lists stay quick on a million articles: every list runs the same few queries
whatever its length (related rows joined or prefetched), each count is a
correlated subquery the database runs only for the rows on the page, the long
texts are left out of lists, the article list walks the primary key newest
first and counts at most archive.paging.COUNT_CAP rows.

History: Article, Person and Party admins are django-simple-history's
SimpleHistoryAdmin, so every save here (and every bulk action, which saves row
by row for that reason) is recorded with the editor and time, and can be
viewed and reverted from the "History" button.
"""

from django.contrib import admin

admin.site.site_header = "Newsroom archive"
admin.site.site_title = "Newsroom archive"
admin.site.index_title = "Editors’ workplace"

# Each module registers its admins.
from . import articles, comments, registry, suggestions, tags  # noqa: E402, F401
from .articles import ArticleAdmin  # noqa: E402, F401
