"""The archive benchmark: a generated newsroom corpus (corpus), the timing of the
import and of the public pages (measure), and the report and plot (report).

``manage.py benchmark_archive`` drives it; see the README's "Performance".
"""
