"""The Quote record every later step (speakers, utterances, store, web) consumes."""
from dataclasses import dataclass
from typing import Optional


@dataclass
class Quote:
    """One direct quote: character offsets into the article text, inside the marks."""

    start: int
    end: int
    text: str
    kind: str = "full"  # full: a whole statement; fragment: a partial quote inside reported speech
    speaker: Optional[str] = None  # resolved name within the article ("Sergei Lavrov" for "he")
    speaker_mention: Optional[str] = None  # the words in the text that name the speaker
    speaker_kind: Optional[str] = None  # person | organization | group | anonymous
    speaker_description: Optional[str] = None  # role words: "Russia's foreign minister"
    cue: Optional[str] = None  # the speech verb or phrase: said, told, posted, according to
    channel: Optional[str] = None  # Telegram, state television, Truth Social...
    paragraph_start: int = 0  # the paragraph holding the quote, for context on permalinks
    paragraph_end: int = 0
    rule: Optional[str] = None  # the cue rule that attributed it (extract/rules.py), to see why
