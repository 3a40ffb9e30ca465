"""The import pipeline: read → segment → extract → link → store.

reading, segment, extract, link and draft are plain Python without Django (a
file's bytes in, an ArticleDraft out: see extract.process); store writes a draft
in one transaction; batch.Importer runs a batch (the command, the admin upload
and the benchmark all go through it).
"""
