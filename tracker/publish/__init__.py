"""Publishing the quotes database with Datasette: metadata, plugin hooks, one instance factory."""
import json
from pathlib import Path

from tracker import store

from . import plugin

METADATA_PATH = Path(__file__).with_name("metadata.json")
# database.html and index.html as Datasette's, listing quotes, speakers, outlets and
# utterances first
TEMPLATES = Path(__file__).with_name("templates")

# Visitors only read: Datasette opens a mutable file with read-only connections (mode=ro)
# and has no write endpoints in 0.65; these limits keep a costly query from hogging it.
SETTINGS = {
    "sql_time_limit_ms": 1500,
    # At a million quotes a facet over the whole table costs 100-200 ms (it counts every
    # row) and suggesting facets about 1.5 s a page: no suggestions, and 25 ms a facet,
    # enough for a speaker's, an outlet's or a narrow search's quotes; over the whole table
    # the default facets read the counts kept in quote_facets (plugin.CountedFacet), and a
    # broad search's time out and the page says so. (Not 20 ms or less: Datasette then
    # checks the clock after every SQLite instruction and a speaker's facets time out too.)
    # A 64 MB page cache per connection keeps the indexes a count or a search reads in memory.
    "suggest_facets": False,
    "facet_time_limit_ms": 25,
    "cache_size_kb": 65536,
    "max_returned_rows": 1000,
    "truncate_cells_html": 300,
    "allow_download": False,
    "default_page_size": 50,
    # five values a facet (the rest behind its "…" link), so the rows start in the first screen
    "default_facet_size": 5,
}


def load_metadata(database_name: str = "quotes") -> dict:
    """The shipped metadata, keyed by the actual database name (the file's stem)."""
    metadata = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if database_name != "quotes" and "quotes" in databases:
        databases[database_name] = databases.pop("quotes")
        # the home page's links into the database
        metadata["description_html"] = metadata.get("description_html", "").replace(
            'href="/quotes/', f'href="/{database_name}/')
    return metadata


def datasette_instance(db_path):
    """A Datasette over db_path with the tracker metadata and plugin, read-only for visitors.

    The file is created and shaped first, so a fresh deployment serves empty tables
    rather than an error.
    """
    # Imported here, not at the top: Datasette loads this package's plugin module while
    # datasette.app itself is still being imported (a plain `datasette FILE`), and a
    # top-level import of datasette.app from here would be circular.
    from datasette.app import Datasette
    from datasette.plugins import pm

    path = Path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    store.open_db(path).close()
    if not pm.is_registered(plugin) and "tracker" not in {n for n, _ in pm.list_name_plugin()}:
        pm.register(plugin, name="tracker")  # when the package is not installed
    return Datasette(files=[str(path)], metadata=load_metadata(path.stem), settings=SETTINGS,
                     template_dir=str(TEMPLATES))
