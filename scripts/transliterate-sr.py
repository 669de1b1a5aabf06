#!/usr/bin/env python3
"""Writes the sr-Cyrl catalog from sr-Latn: Serbian Latin and Cyrillic map letter for letter.
Placeholders ({name}), URLs and the brand names Zavičaj, JSON, TOTP, UTC, E-mail stay Latin."""
import json, re, sys, pathlib

root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "Sources/Platform/Resources/Localization"
DIGRAPHS = {"Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ", "Dž": "Џ", "DŽ": "Џ", "dž": "џ"}
LETTERS = dict(zip("ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš",
                   "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш"))
KEEP = re.compile(r"(\{[a-z_]+\}|https?://\S+|Zavičaj|JSON|TOTP|UTC|Open311|PDF|JPEG|PNG|MB|Ed25519|CIEC|ABCD-EFGH|RR123456785BA|EUR|CHF|CSV|ISO|MLJPI|\d+)")

def cyrillic(text):
    out = []
    for i, part in enumerate(KEEP.split(text)):
        if i % 2:
            out.append(part); continue
        j = 0
        while j < len(part):
            pair = part[j:j + 2]
            if pair in DIGRAPHS:
                out.append(DIGRAPHS[pair]); j += 2
            else:
                out.append(LETTERS.get(part[j], part[j])); j += 1
    return "".join(out)

# Texts that say which script they are in cannot be transliterated.
OVERRIDES = {"language_name": "Српски (ћирилица)"}
latin = json.loads((root / "sr-Latn.json").read_text())
(root / "sr-Cyrl.json").write_text(json.dumps({k: OVERRIDES.get(k, cyrillic(v)) for k, v in latin.items()}, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
