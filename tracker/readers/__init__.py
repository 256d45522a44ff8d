"""Readers that turn files, directories, URLs, HTML, JSON(L) and feeds into Articles.

Kept light (no spaCy): the CLI and the API import them for every request. The public names
are re-exported by tracker.articles, which is the module other layers should import.
"""
