#!/usr/bin/env python3
"""Generates a CSV of N stakeholders for add-stakeholder --from-csv: a mix of
organizations (unique names, some with diacritics, quotes and commas) and
persons (names, emails, phones, bands), deterministic for a given seed.

    tests/bench/gen_stakeholders_csv.py 10000 > big.csv
    time interlink -C PROJECT add-stakeholder --from-csv big.csv

Used by the benchmark and by tests/cli/test_stakeholders_import.py.
"""
import argparse
import csv
import io
import random
import sys

SECTORS = ["public", "private", "nonprofit", "academia", "citizen"]
ROLES = ["coordinator", "co-producer", "contributor", "evaluator", "observer"]
CONSENT = ["given", "pending", "refused"]
GIVEN = ["Ada", "Bruno", "Chiara", "Dario", "Elena", "Fabio", "Giulia", "Hugo", "Irene", "Jürgen", "Katarzyna",
         "Luís", "Marta", "Niccolò", "Olga", "Pål", "Renée", "Søren", "Tomás", "Zoë"]
FAMILY = ["Rossi", "Bianchi", "Esposito", "Müller", "García", "Kowalska", "Dubois", "Nowak", "Ferreira", "O'Neill",
          "Horváth", "Jensen", "Papadopoulos", "Novák", "Virtanen"]
ORG_KIND = ["Comune di", "Associazione", "Università di", "Società Cooperativa", "Fondazione", "Regione",
            "Camera di Commercio di", "Istituto", "Consorzio"]
PLACES = ["Roma", "Milano", "Napoli", "Torino", "Bologna", "Firenze", "Bari", "Cagliari", "Trento", "Aosta",
          "L'Aquila", "Forlì", "Cesena", "Potenza", "Perugia"]

COLUMNS = ["name", "kind", "sector", "role", "influence", "interest", "email", "phone", "tags", "consent",
           "age_band", "gender", "area"]


def rows(n, seed=1):
    rnd = random.Random(seed)
    for i in range(n):
        if i % 3 == 0:
            name = f"{rnd.choice(ORG_KIND)} {rnd.choice(PLACES)} {i}"
            if i % 9 == 0:
                name += ', "sede" centrale'
            yield {"name": name, "kind": "organization", "sector": rnd.choice(SECTORS[:4]),
                   "role": rnd.choice(ROLES), "influence": str(rnd.randint(1, 5)),
                   "interest": str(rnd.randint(1, 5)), "email": f"info{i}@org{i}.example", "phone": "",
                   "tags": ";".join(rnd.sample(["pa", "sud", "nord", "giovani", "ambiente"], 2)),
                   "consent": rnd.choice(CONSENT), "age_band": "", "gender": "", "area": ""}
        else:
            first, last = rnd.choice(GIVEN), rnd.choice(FAMILY)
            yield {"name": f"{first} {last} {i}", "kind": "person", "sector": "citizen",
                   "role": rnd.choice(ROLES[2:]), "influence": str(rnd.randint(1, 5)), "interest": "",
                   "email": f"person.{i}@mail.example", "phone": f"+39 3{rnd.randint(10, 99)} {i:07d}",
                   "tags": "", "consent": rnd.choice(CONSENT),
                   "age_band": rnd.choice(["18-29", "30-44", "45-64", "65+"]), "gender": rnd.choice(["f", "m", ""]),
                   "area": rnd.choice(["urban", "rural"])}


def generate(n, seed=1):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for r in rows(n, seed):
        w.writerow(r)
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of rows")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sys.stdout.write(generate(args.n, args.seed))


if __name__ == "__main__":
    main()
