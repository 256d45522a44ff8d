"""Where extraction's CPU goes, component by component, on bench/speed.py's workload.

    .venv/bin/python bench/extract_profile.py [--passes N]

Each component is timed over the Docs the one before it made (so each figure is that
component alone), for: the stock pipeline on the whole texts (bare spaCy's path), tracker's
pipeline on the whole texts, and tracker's pipeline on the paragraphs extract_many parses up
front. Then the split extract_many makes of that last parse: the pipeline without the entity
recognizer, the recognizer's windows (tracker/extract/component.py, _ner_windows), the window
Docs, the recognizer on them, and against it the recognizer on the whole paragraphs. CPU
seconds of this process, the mean of N passes after one untimed (default 2).
"""
import argparse
import time

from harness import distinct_articles


def upfront_paragraphs(texts):
    """(paragraph texts, each one's quoted character ranges) as extract_many plans them."""
    from tracker.extract import component
    from tracker.extract.marks import find_quotes, paragraphs

    inputs, quoted = [], []
    for text in texts:
        spans = paragraphs(text)
        marked = component._worth_attributing(text, spans, find_quotes(text))
        pieces = [piece for q in marked for piece in q.pieces]
        for k in sorted({k for q in marked for k in range(q.paragraph, q.paragraph + len(q.pieces))}):
            a, b = spans[k]
            inputs.append(component.parse_text(text, a, b))
            quoted.append([(max(a, qa) - a, min(b, qb) - a) for qa, qb in pieces if qa < b and qb > a])
    return inputs, quoted


def per_component(nlp, inputs):
    """{component: CPU seconds}, each component over the Docs the one before it made."""
    out = {}
    t0 = time.process_time()
    docs = list(nlp.tokenizer.pipe(inputs))
    out["tokenizer"] = time.process_time() - t0
    for name, proc in nlp.pipeline:
        if name == "quote_attribution":
            continue
        t0 = time.process_time()
        docs = list(proc.pipe(docs, batch_size=64))
        out[name] = time.process_time() - t0
    return out


def ner_split(nlp, inputs, quoted):
    """The steps of component._parse_paragraphs, timed apart, and NER on whole paragraphs."""
    from tracker.extract import component

    ner = nlp.get_pipe("ner")
    out = {}
    t0 = time.process_time()
    docs = list(nlp.pipe(inputs, batch_size=64, disable=["quote_attribution", "ner"]))
    t1 = time.process_time()
    windows = [component._ner_windows(doc, ranges) for doc, ranges in zip(docs, quoted)]
    t2 = time.process_time()
    pieces = [doc if (s, e) == (0, len(doc)) else doc[s:e].as_doc()
              for doc, spans in zip(docs, windows) for s, e in spans]
    t3 = time.process_time()
    list(ner.pipe(pieces, batch_size=64))
    t4 = time.process_time()
    list(ner.pipe(docs, batch_size=64))
    t5 = time.process_time()
    out.update({"pipeline without ner": t1 - t0, "windows": t2 - t1, "window Docs": t3 - t2,
                "ner on windows": t4 - t3, "(ner on whole paragraphs)": t5 - t4})
    tokens = sum(len(doc) for doc in docs)
    covered = sum(len(piece) for piece in pieces)
    return out, tokens, covered, len(pieces)


def mean_of(passes, fn):
    fn()
    runs = [fn() for _ in range(passes)]
    return {key: sum(run[key] for run in runs) / passes for key in runs[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2, help="timed passes after one untimed (default 2)")
    args = parser.parse_args()
    import spacy

    from tracker.extract.model import load_model

    nlp = load_model()
    stock = spacy.load(f"{nlp.meta['lang']}_{nlp.meta['name']}")
    texts = [a.text for _, group in distinct_articles() for a in group]
    inputs, quoted = upfront_paragraphs(texts)
    print(f"CPU seconds, mean of {args.passes} passes; {len(texts)} articles, {len(inputs)} paragraphs parsed up front")
    for label, pipeline, work in [("stock, whole texts", stock, texts), ("tracker, whole texts", nlp, texts),
                                  (f"tracker, {len(inputs)} paragraphs", nlp, inputs)]:
        times = mean_of(args.passes, lambda: per_component(pipeline, work))
        print(f"{label:28} total {sum(times.values()):5.2f}  " + "  ".join(f"{k} {v:.2f}" for k, v in times.items()))
    split = []
    times = mean_of(args.passes, lambda: split.append(ner_split(nlp, inputs, quoted)) or split[-1][0])
    _, tokens, covered, n_pieces = split[-1]
    print(f"extract_many's parse up front: " + "  ".join(f"{k} {v:.2f}" for k, v in times.items()))
    print(f"entity recognizer windows: {covered:,} of {tokens:,} tokens ({covered / tokens:.0%}) in {n_pieces} Docs")


if __name__ == "__main__":
    main()
