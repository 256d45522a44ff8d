"""Quote extraction and attribution (the spaCy side of the tracker)."""
from .component import extract_many, extract_quotes
from .model import ModelNotInstalled, load_model
from .quote import Quote

__all__ = ["Quote", "extract_quotes", "extract_many", "load_model", "ModelNotInstalled"]
