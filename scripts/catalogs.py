"""Writes a capability's message catalogs from one table: key -> (bs, hr, sr-Latn, en, de).
sr-Cyrl is made from sr-Latn by transliterate-sr.py."""
import json, pathlib, subprocess, sys

def same(bs, en, de, hr=None, sr=None):
    """A message in the five source languages; Croatian and Serbian (Latin) are the Bosnian unless given."""
    return (bs, hr or bs, sr or bs, en, de)

LANGUAGES = ["bs", "hr", "sr-Latn", "en", "de"]

def write(messages, folder):
    root = pathlib.Path(__file__).resolve().parent.parent / folder
    root.mkdir(parents=True, exist_ok=True)
    for index, lang in enumerate(LANGUAGES):
        (root / f"{lang}.json").write_text(json.dumps({k: v[index] for k, v in messages.items()}, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    subprocess.run([sys.executable, str(pathlib.Path(__file__).with_name("transliterate-sr.py")), str(root)], check=True)
