#!/usr/bin/python3
# Verifies every DKIM-Signature of the message on stdin with dkimpy (Debian's python3-dkim), the
# public keys given as the DNS TXT records would hold them, one "name<TAB>record" per line of the
# file named by the first argument: no DNS is asked. Prints one line per signature, "ok" or
# "fail <reason>"; exits 0 only when every signature verifies.
import sys
import dkim

records = {}
with open(sys.argv[1], "rb") as f:
    for line in f.read().splitlines():
        if line.strip():
            name, txt = line.split(b"\t", 1)
            records[name.strip().lower().rstrip(b".")] = txt.strip()


def dnsfunc(name, timeout=5):
    return records.get(name.lower().rstrip(b"."))


message = sys.stdin.buffer.read()
d = dkim.DKIM(message, minkey=1024)
count = len([h for h in d.headers if h[0].lower() == b"dkim-signature"])
if count == 0:
    print("fail no signature")
    sys.exit(1)
good = True
for i in range(count):
    try:
        ok = d.verify(idx=i, dnsfunc=dnsfunc)
    except Exception as e:  # dkimpy raises for malformed signatures
        ok = False
        print("fail %s" % e)
        good = False
        continue
    print("ok" if ok else "fail signature %d does not verify" % i)
    good = good and ok
sys.exit(0 if good else 1)
