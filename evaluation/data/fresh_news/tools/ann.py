"""Annotation file format for the fresh_news set: write by hand with surface strings, build to offsets.

The hand-written files (one per article, ``R<row>.ann``) hold fragments of the DER STANDARD texts and are
therefore NOT committed; ``gold.jsonl`` (offsets and labels only) is.  ``export`` turns gold.jsonl back into
.ann files (every item pinned with @offset), so the gold can be reviewed and edited, then built again.

    python ann.py build  ANN_DIR  [--out ../gold.jsonl]
    python ann.py export ANN_DIR  [--gold ../gold.jsonl]
    python ann.py show   ROW      [--gold ../gold.jsonl]     (print the gold of one article with its surfaces)

Line syntax (``#`` starts a comment when preceded by whitespace or at line start):

    dct 2015-12-14                     document date (required)
    basis <free text>                  how the date was decided
    M LABEL KIND[+part] | surface [@off] [=> Name | Name2 ...]
                                       mention; KIND name/nominal/pronoun; +part = a name inside a longer word
                                       (found inside words); '=> A | B' = refers_to (several: a plural role)
                                       '=> ?' = refers_to null
    T TYPE VALUE [mod=M] | surface [@off]
    Q TYPE | msg: START ... END [@off] | cue: surface [@off] | spk: surface [@off] | name: Canonical
                                       cue/spk may be '-' (none); name '-' = null.
                                       optional '| via: surface | vname: Name': the medium that relayed it.
                                       msg: the span from START to the end of END ('...' with spaces round it);
                                       a msg without ' ... ' is the literal message.

Items of one kind are found in the order written: each surface at its first occurrence at or after the start
of the previous item of that kind (whole words unless +part), not equal to the previous span and (mentions) not
inside an earlier name mention; '@off' pins the start offset.  cue and spk are taken at the occurrence
nearest to the message.
"""
import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import select_articles  # noqa: E402
from show import CSV, text_of  # noqa: E402

WORDCH = re.compile(r"\w")


class AnnError(Exception):
    pass


def _boundary_ok(text, s, e, part):
    if part:
        return True
    if s > 0 and WORDCH.match(text[s - 1]) and WORDCH.match(text[s]):
        return False
    return not (e < len(text) and WORDCH.match(text[e]) and WORDCH.match(text[e - 1]))


def find(text, surface, start_from, part=False, avoid=None, pin=None, inside=()):
    """First occurrence at/after start_from; not `avoid`, not strictly inside one of the spans `inside`."""
    if pin is not None:
        if text[pin:pin + len(surface)] != surface:
            raise AnnError(f"pinned @{pin}: {text[pin:pin+len(surface)]!r} != {surface!r}")
        return pin, pin + len(surface)
    i = text.find(surface, start_from)
    while i >= 0:
        span = (i, i + len(surface))
        nested = any(ps <= span[0] and span[1] <= pe and span != (ps, pe) for ps, pe in inside)
        if _boundary_ok(text, *span, part) and span != avoid and not nested:
            return span
        i = text.find(surface, i + 1)
    raise AnnError(f"not found after {start_from}: {surface!r}")


def find_near(text, surface, ref, part=True, pin=None):
    if pin is not None:
        return find(text, surface, 0, pin=pin)
    best = None
    i = text.find(surface)
    while i >= 0:
        s, e = i, i + len(surface)
        if _boundary_ok(text, s, e, part):
            d = 0 if (s >= ref[0] and e <= ref[1]) else min(abs(s - ref[1]), abs(ref[0] - e))
            if best is None or d < best[0]:
                best = (d, s, e)
        i = text.find(surface, i + 1)
    if best is None:
        raise AnnError(f"not found: {surface!r}")
    return best[1], best[2]


def split_pin(s):
    m = re.match(r"^(.*?)\s+@(\d+)$", s)
    if m:
        return m.group(1), int(m.group(2))
    return s, None


def strip_comment(line):
    m = re.search(r"(^|\s)#", line)
    return line[:m.start()].rstrip() if m else line.rstrip()


def parse(path):
    row = int(re.search(r"R(\d+)", path.name).group(1))
    topic, text = text_of(row)
    doc = {"row": row, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "topic": topic,
           "dct": None, "dct_basis": "", "quotes": [], "timexes": [], "mentions": []}
    cur = {"M": (0, None), "T": (0, None), "Q": (0, None)}
    for ln, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = strip_comment(raw)
        if not line.strip():
            continue
        try:
            if line.startswith("dct "):
                doc["dct"] = line.split()[1]
            elif line.startswith("basis "):
                doc["dct_basis"] = line[6:].strip()
            elif line.startswith("M "):
                head, rest = line[2:].split("|", 1)
                label, kind = head.split()
                part = kind.endswith("+part")
                kind = kind.replace("+part", "")
                assert label in {"PER", "ORG", "LOC", "MISC"}, label
                assert kind in {"name", "nominal", "pronoun"}, kind
                ref = None
                if "=>" in rest:
                    rest, r = rest.split("=>", 1)
                    names = [x.strip() for x in r.split("|")]
                    ref = None if names == ["?"] else (names[0] if len(names) == 1 else names)
                surface, pin = split_pin(rest.strip())
                names = [(x["start"], x["end"]) for x in doc["mentions"] if x["kind"] == "name"]
                s, e = find(text, surface, cur["M"][0], part, cur["M"][1], pin, names)
                cur["M"] = (s, (s, e))
                m = {"start": s, "end": e, "label": label, "kind": kind}
                if part:
                    m["part"] = True
                if kind != "name" or ref is not None:
                    m["refers_to"] = ref
                doc["mentions"].append(m)
            elif line.startswith("T "):
                head, rest = line[2:].split("|", 1)
                f = head.split()
                typ, value = f[0], f[1]
                assert typ in {"DATE", "TIME", "DURATION", "SET"}, typ
                surface, pin = split_pin(rest.strip())
                s, e = find(text, surface, cur["T"][0], False, cur["T"][1], pin)
                cur["T"] = (s, (s, e))
                t = {"start": s, "end": e, "type": typ, "value": value}
                for x in f[2:]:
                    k, v = x.split("=")
                    t[k] = v
                doc["timexes"].append(t)
            elif line.startswith("Q "):
                parts = [p.strip() for p in line[2:].split("|")]
                typ = parts[0]
                assert typ in {"direct", "indirect", "reported"}, typ
                fields = dict(p.split(":", 1) for p in parts[1:])
                fields = {k.strip(): v.strip() for k, v in fields.items()}
                msg, pin = split_pin(fields["msg"])
                if " ... " in msg:
                    a, b = msg.split(" ... ")
                    s, _ = find(text, a, cur["Q"][0], True, None, pin)
                    e = text.find(b, s)
                    if e < 0:
                        raise AnnError(f"msg end not found: {b!r}")
                    e += len(b)
                else:
                    s, e = find(text, msg, cur["Q"][0], True, None if pin is not None else cur["Q"][1], pin)
                if cur["Q"][1] == (s, e) and pin is None:
                    raise AnnError("same message twice (pin it with @offset if meant)")
                cur["Q"] = (s, (s, e))
                q = {"start": s, "end": e, "type": typ, "cue": None, "speaker": None, "speaker_name": None}
                if fields.get("cue", "-") != "-":
                    c, cp = split_pin(fields["cue"])
                    q["cue"] = list(find_near(text, c, (s, e), False, cp))
                if fields.get("spk", "-") != "-":
                    c, cp = split_pin(fields["spk"])
                    q["speaker"] = list(find_near(text, c, (s, e), False, cp))
                if fields.get("name", "-") != "-":
                    q["speaker_name"] = fields["name"]
                if fields.get("via", "-") != "-":
                    c, cp = split_pin(fields["via"])
                    q["medium"] = list(find_near(text, c, (s, e), False, cp))
                    q["medium_name"] = fields.get("vname")
                doc["quotes"].append(q)
            else:
                raise AnnError("unknown line")
        except (AnnError, ValueError, AssertionError, KeyError) as ex:
            raise SystemExit(f"{path.name}:{ln}: {ex}\n  {raw}")
    if not doc["dct"]:
        raise SystemExit(f"{path.name}: no dct")
    doc["mentions"].sort(key=lambda m: (m["start"], -m["end"]))
    canonical = {text[m["start"]:m["end"]] for m in doc["mentions"] if m["kind"] == "name"}
    for m in doc["mentions"]:
        r = m.get("refers_to")
        canonical.update(r if isinstance(r, list) else [r] if r else [])
    for q in doc["quotes"]:
        q["speaker_is_name"] = q["speaker_name"] in canonical if q["speaker_name"] else False
    doc["timexes"].sort(key=lambda t: t["start"])
    doc["quotes"].sort(key=lambda q: q["start"])
    doc["role_links"] = [
        {"start": m["start"], "end": m["end"], "person": p}
        for m in doc["mentions"] if m["kind"] == "nominal" and m["label"] == "PER"
        for p in (m["refers_to"] if isinstance(m["refers_to"], list) else [m["refers_to"]])]
    return doc


def build(ann_dir, out):
    with open(CSV, encoding="utf-8", newline="") as f:
        rows = [(r[0], r[1]) for r in csv.reader(f, delimiter=";", quotechar="'")]
    chosen = {i: ("quoted" if has else "plain") for i, _, has in select_articles.select(rows)}
    docs = [parse(p) for p in sorted(Path(ann_dir).glob("R*.ann"), key=lambda p: int(p.stem[1:]))]
    for d in docs:
        if d["row"] not in chosen:
            raise SystemExit(f"row {d['row']} is not one of the selected articles")
        d["id"] = f"10kgnad-test-{d['row']}"
        d["selected_as"] = chosen[d["row"]]
    missing = sorted(set(chosen) - {d["row"] for d in docs})
    if missing:
        print(f"warning: selected but not annotated: {missing}")
    with open(out, "w", encoding="utf-8") as f:
        for d in docs:
            order = ["id", "row", "sha256", "topic", "selected_as", "dct", "dct_basis", "quotes", "timexes",
                     "mentions", "role_links"]
            f.write(json.dumps({k: d[k] for k in order}, ensure_ascii=False) + "\n")
    print(f"{len(docs)} articles -> {out}")


def export(ann_dir, gold):
    Path(ann_dir).mkdir(parents=True, exist_ok=True)
    for line in open(gold, encoding="utf-8"):
        d = json.loads(line)
        _, text = text_of(d["row"])
        out = [f"dct {d['dct']}", f"basis {d.get('dct_basis', '')}", ""]
        for m in d["mentions"]:
            k = m["kind"] + ("+part" if m.get("part") else "")
            r = m.get("refers_to", None)
            ref = "" if (m["kind"] == "name" and r is None) else " => " + (
                "?" if r is None else (" | ".join(r) if isinstance(r, list) else r))
            out.append(f"M {m['label']} {k} | {text[m['start']:m['end']]} @{m['start']}{ref}")
        out.append("")
        for t in d["timexes"]:
            mod = f" mod={t['mod']}" if t.get("mod") else ""
            out.append(f"T {t['type']} {t['value']}{mod} | {text[t['start']:t['end']]} @{t['start']}")
        out.append("")
        for q in d["quotes"]:
            def sp(x):
                return "-" if x is None else f"{text[x[0]:x[1]]} @{x[0]}"
            msg = text[q["start"]:q["end"]]
            via = f" | via: {sp(q['medium'])} | vname: {q['medium_name']}" if q.get("medium") else ""
            out.append(f"Q {q['type']} | msg: {msg} @{q['start']} | cue: {sp(q['cue'])} | spk: {sp(q['speaker'])}"
                       f" | name: {q['speaker_name'] or '-'}{via}")
        (Path(ann_dir) / f"R{d['row']}.ann").write_text("\n".join(out) + "\n", encoding="utf-8")


def show(row, gold):
    for line in open(gold, encoding="utf-8"):
        d = json.loads(line)
        if d["row"] != row:
            continue
        _, text = text_of(row)
        print("dct", d["dct"], d.get("dct_basis", ""))
        for q in d["quotes"]:
            cue = text[q["cue"][0]:q["cue"][1]] if q["cue"] else None
            spk = text[q["speaker"][0]:q["speaker"][1]] if q["speaker"] else None
            via = f" via {text[q['medium'][0]:q['medium'][1]]!r} ({q['medium_name']})" if q.get("medium") else ""
            print(f"Q {q['type']:9} [{text[q['start']:q['end']]}] cue={cue!r} spk={spk!r} -> {q['speaker_name']}{via}")
        for t in d["timexes"]:
            print(f"T {t['type']:8} {t['value']:14} {text[t['start']:t['end']]!r}")
        for m in d["mentions"]:
            print(f"M {m['label']:4} {m['kind']:8} {text[m['start']:m['end']]!r}"
                  + (" part" if m.get("part") else "") + (f" -> {m.get('refers_to')}" if "refers_to" in m else ""))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["build", "export", "show"])
    ap.add_argument("arg")
    ap.add_argument("--out", default=str(HERE.parent / "gold.jsonl"))
    ap.add_argument("--gold", default=str(HERE.parent / "gold.jsonl"))
    a = ap.parse_args()
    if a.cmd == "build":
        build(a.arg, a.out)
    elif a.cmd == "export":
        export(a.arg, a.gold)
    else:
        show(int(a.arg), a.gold)
