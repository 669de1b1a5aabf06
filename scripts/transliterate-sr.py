#!/usr/bin/env python3
"""Writes the sr-Cyrl catalog from sr-Latn: Serbian Latin and Cyrillic map letter for letter.
Placeholders ({name}), URLs and the brand names Zavičaj, JSON, TOTP, UTC, E-mail stay Latin."""
import json, re, sys, pathlib

root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "Sources/Platform/Resources/Localization"
RULES = json.loads((pathlib.Path(__file__).resolve().parent.parent / "Sources/Platform/Resources/Script/serbian.json").read_text())
LETTERS = dict(zip(RULES["letters"][0], RULES["letters"][1]))
LETTERS.update(RULES["foreign"])
KEEP = re.compile(r"(\{[a-z_0-9]+\}|\bm²|https?://\S+|Zavičaj|JSON|TOTP|UTC|Open311|PDF|JPEG|PNG|\bMB\b|Ed25519|CIEC|(?<=obrazac )[ABC]\b|\bQR\b|\b(?:email|name|country|city|single|multiple|text|scale)\b|ABCD-EFGH|RR123456785BA|EUR|CHF|CSV|ISO|MLJPI|S10|UPU|\d+)")

def cyrillic(text):
    """The same rules as SerbianScript.cyrillic in the platform (one file holds them)."""
    out = []
    for i, part in enumerate(KEEP.split(text)):
        if i % 2:
            out.append(part); continue
        lower, j, plain_until = part.lower(), 0, 0
        while j < len(part):
            word = next((w for w in RULES["words"] if part.startswith(w, j)), None)
            if word:
                out.append(RULES["words"][word]); j += len(word); continue
            if j >= plain_until:
                stem = next((w for w in RULES["split"] if lower.startswith(w, j)), None)
                if stem: plain_until = j + len(stem)
            pair = part[j:j + 2]
            if j + 1 >= plain_until and pair in RULES["digraphs"]:
                out.append(RULES["digraphs"][pair]); j += 2
            else:
                out.append(LETTERS.get(part[j], part[j])); j += 1
    return "".join(out)

# Texts that say which script they are in cannot be transliterated.
OVERRIDES = {"language_name": "Српски (ћирилица)"}
latin = json.loads((root / "sr-Latn.json").read_text())
(root / "sr-Cyrl.json").write_text(json.dumps({k: OVERRIDES.get(k, cyrillic(v)) for k, v in latin.items()}, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
