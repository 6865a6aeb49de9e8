#!/usr/bin/env bash
# Set up .venv/ and run the demo: analyse the bundled example articles into demo.db.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
LAGEBILD=".venv/bin/lagebild"
DB="${LAGEBILD_DEMO_DB:-demo.db}"
echo "== The seed article (scraped, hard-wrapped, with boilerplate): full report"
"$LAGEBILD" analyze examples/000_95917e8755466fef.txt --date 2017-07-08 --db "$DB"
echo
echo "== $(wc -l < examples/wikinews.jsonl) German Wikinews articles (CC BY 2.5) into $DB"
"$LAGEBILD" analyze examples/wikinews.jsonl --format jsonl --db "$DB" > /dev/null
"$LAGEBILD" list --db "$DB" --limit 10
echo
echo "Try: $LAGEBILD show <id> --db $DB    |    $LAGEBILD analyze --help"
echo "Web UI: $LAGEBILD serve --db $DB   then open http://127.0.0.1:8000 (Ctrl-C stops it)"
