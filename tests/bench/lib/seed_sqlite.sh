# Inserts generated response/1 payloads straight into a collector's SQLite responses table, as
# the collector would store them (canonical JSON, its hash, survey, map): the ingest path would
# take minutes for a million and measures something else. The collector must have created the
# schema first (start it once on the database). Source it, then: seed_sqlite DB NDJSON
seed_sqlite() {
    python3 - "$1" "$2" <<'PY'
import hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def rows():
    with open(sys.argv[2], encoding='utf-8') as f:
        for line in f:
            p = json.loads(line)
            text = json.dumps(p, separators=(',', ':'), sort_keys=True, ensure_ascii=False)
            yield (p['id'], hashlib.sha256(text.encode()).hexdigest(), p['survey']['id'], (p.get('journey') or {}).get('map'), text)
db.executemany('INSERT INTO responses(id, hash, survey, map, payload) VALUES(?,?,?,?,?)', rows())
db.commit()
PY
}
