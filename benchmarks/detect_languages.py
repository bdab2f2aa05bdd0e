"""Measure offline language detectors on short policy paragraphs.

Run: .venv/bin/python benchmarks/detect_languages.py
Paragraphs are the lines (20+ characters) of the test texts in every language
(tests/fixtures/languages/*.txt, written for the tests) and the shipped policies.
Prints accuracy per detector overall and for lines under 80 characters, and time
per paragraph. This is how the detector in policy_graph/detect.py was chosen.
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def samples() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "tests" / "fixtures" / "languages").glob("*.txt")):
        code = path.stem.split("-")[0]  # zh-Hans / zh-Hant are both "zh" to the detectors
        out += [(code, line.strip(" •")) for line in path.read_text(encoding="utf-8").splitlines()
                if len(line.strip()) >= 20]
    for path in sorted((ROOT / "data" / "policies").glob("*/*.txt")):
        out += [(path.stem, line.strip(" •")) for line in path.read_text(encoding="utf-8").splitlines()
                if len(line.strip()) >= 20]
    return out


def main() -> None:
    data = samples()
    codes = sorted({c for c, _ in data})
    import py3langid

    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError:
        print("(pip install lingua-language-detector into .venv to compare it with py3langid)")
        IsoCode639_1 = LanguageDetectorBuilder = None  # type: ignore[assignment,misc]

    langid = py3langid.langid.LanguageIdentifier.from_model_file(py3langid.langid.MODEL_FILE)
    langid.set_languages([c for c in codes if c != "nb"] + ["no"])
    detectors: list[tuple[str, object]] = []

    def by_langid(text: str) -> str:
        code = langid.classify(text)[0]
        return "nb" if code == "no" else code

    detectors.append(("py3langid", by_langid))
    if LanguageDetectorBuilder is not None:
        iso = [IsoCode639_1.from_str(c) for c in codes]
        lingua = LanguageDetectorBuilder.from_iso_codes_639_1(*iso).build()

        def by_lingua(text: str) -> str:
            found = lingua.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else "?"

        detectors.append(("lingua", by_lingua))
    for name, detect in detectors:  # type: ignore[assignment]
        detect(data[0][1])  # load the model outside the timing
        start = time.perf_counter()
        right = [detect(text) == code for code, text in data]
        took = (time.perf_counter() - start) / len(data)
        short = [ok for ok, (_, text) in zip(right, data, strict=True) if len(text) < 80]
        print(f"{name:<10} accuracy {sum(right) / len(right):.3f} on {len(right)} paragraphs; "
              f"{sum(short) / max(len(short), 1):.3f} on {len(short)} under 80 chars; "
              f"{took * 1000:.2f} ms per paragraph")
        wrong = [(code, detect(text), text[:50]) for code, text in data if detect(text) != code]
        for item in wrong[:8]:
            print("   ", item)


if __name__ == "__main__":
    main()
