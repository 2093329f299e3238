#!/usr/bin/env python3
"""Print or write the Brink model card of an ONNX file (Python's standard library and the onnx package).

  python3 tools/brink_card.py clf.onnx                  prints the card found in metadata_props (brink.model_card and the
                                                        single keys window_length, feature_names, ...) as JSON
  python3 tools/brink_card.py clf.onnx --set card.json  writes card.json into metadata_props under brink.model_card
                                                        (replacing any card keys there), after checking the field types

Brink reads the same keys (README, 'Model card'); `brink check --model clf.onnx` says what it resolved.
"""
import argparse
import json
import sys

import onnx

FIELDS = ["window_length", "feature_names", "class_names", "mean", "std", "uncertainty"]
CARD_KEY = "brink.model_card"


def read_card(model):
    meta = {p.key: p.value for p in model.metadata_props}
    card = json.loads(meta[CARD_KEY]) if CARD_KEY in meta else {}
    for key in FIELDS:
        if key in meta:
            value = meta[key].strip()
            card[key] = json.loads(value) if value[:1] in "[{" or value.lstrip("-").isdigit() else value
    return card


def check(card):
    """The field types Brink requires (it also checks the counts against the model)."""
    problems = []
    if "window_length" in card and not (isinstance(card["window_length"], int) and card["window_length"] >= 1):
        problems.append("window_length must be a whole number >= 1")
    for key in ("feature_names", "class_names"):
        if key in card and not (isinstance(card[key], list) and all(isinstance(x, str) and x for x in card[key])):
            problems.append(key + " must be a list of strings")
    for key in ("mean", "std"):
        if key in card and not (isinstance(card[key], list) and all(isinstance(x, (int, float)) for x in card[key])):
            problems.append(key + " must be a list of numbers, one per feature")
    if ("mean" in card) != ("std" in card):
        problems.append("normalization needs both mean and std")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--set", metavar="CARD_JSON", help="write this card into the model's metadata_props")
    args = ap.parse_args()
    model = onnx.load(args.model)
    if args.set is None:
        card = read_card(model)
        if not card:
            print(args.model + ": no card in metadata_props", file=sys.stderr)
            return 1
        print(json.dumps(card, indent=2))
        return 0
    with open(args.set) as f:
        card = json.load(f)
    problems = check(card)
    if problems:
        print(args.set + ": " + "; ".join(problems), file=sys.stderr)
        return 1
    keep = [p for p in model.metadata_props if p.key != CARD_KEY and p.key not in FIELDS]
    del model.metadata_props[:]
    model.metadata_props.extend(keep)
    entry = model.metadata_props.add()
    entry.key, entry.value = CARD_KEY, json.dumps(card)
    onnx.save(model, args.model)
    print(args.model + ": card written to metadata_props under " + CARD_KEY)
    return 0


if __name__ == "__main__":
    sys.exit(main())
