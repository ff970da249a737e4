"""Write the OEWS database of the test data: ``python tests/data/make_oews.py OUT``.

``OUT`` ending in ``.gz`` gets the database gzipped, as ``../shared/data`` ships it
(``bls_oews_may2025/oews-2025.sqlite.gz``); any other name gets the plain SQLite file. The
tables and columns are those of the real database (see ``../shared/data/README.md``); the rows
are the few below, readable here. The tests run this script into a temporary directory, so no
database is committed.

Deterministic: the same rows always give the same database (for one SQLite version), and the
gzip header carries no time stamp.
"""

from __future__ import annotations

import gzip
import sqlite3
import sys
from pathlib import Path

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL,
                   state_code TEXT NOT NULL, area_name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL,
                       display_level INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL,
                         display_level INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cell (key TEXT PRIMARY KEY, {values}, {footnotes}) WITHOUT ROWID;
""".format(
    values=", ".join(f"v{n:02} TEXT" for n in range(1, 18)),
    footnotes=", ".join(f"f{n:02} TEXT" for n in range(1, 18)),
)

META = """
data_year    | 2025
period       | A01
release      | May 2025
release_code | 2025A01
schema       | 1
"""

# The nation, two state-level areas, a metro area in one state and one in two (its states in
# its name), and a nonmetropolitan area (its state in state_code).
AREAS = """
0000000 | N | 00 | National
0010180 | M | 48 | Abilene, TX
0010900 | M | 42 | Allentown-Bethlehem-Easton, PA-NJ
0100000 | S | 01 | Alabama
0100001 | M | 01 | Northwest Alabama nonmetropolitan area
4800000 | S | 48 | Texas
"""

DATATYPES = """
01 | Employment
02 | Employment percent relative standard error
03 | Hourly mean wage
04 | Annual mean wage
05 | Wage percent relative standard error
06 | Hourly 10th percentile wage
07 | Hourly 25th percentile wage
08 | Hourly median wage
09 | Hourly 75th percentile wage
10 | Hourly 90th percentile wage
11 | Annual 10th percentile wage
12 | Annual 25th percentile wage
13 | Annual median wage
14 | Annual 75th percentile wage
15 | Annual 90th percentile wage
16 | Employment per 1,000 jobs
17 | Location Quotient
"""

FOOTNOTES = """
1 | Estimates for detailed occupations do not sum to the totals because the totals include occupations not shown separately. Estimates do not include self-employed workers.
4 | Wages for some occupations that do not generally work year-round, full time, are reported either as hourly wages or annual salaries depending on how they are typically paid.
5 | This wage is equal to or greater than $115.00 per hour or $239,200 per year.
8 | Estimate not released.
"""

# Display level 3 is a detailed occupation: a career. 0-2 are groups, which the importer skips.
OCCUPATIONS = """
000000 | 0 | All Occupations
110000 | 0 | Management Occupations
111000 | 1 | Top Executives
111021 | 3 | General and Operations Managers
113000 | 1 | Operations Specialties Managers
113051 | 3 | Industrial Production Managers
119000 | 1 | Other Management Occupations
119199 | 3 | Managers, All Other
130000 | 0 | Business and Financial Operations Occupations
131000 | 1 | Business Operations Specialists
131020 | 3 | Buyers and Purchasing Agents
210000 | 0 | Community and Social Service Occupations
211010 | 2 | Counselors
211018 | 3 | Substance Abuse, Behavioral Disorder, and Mental Health Counselors
250000 | 0 | Educational Instruction and Library Occupations
252021 | 3 | Elementary School Teachers, Except Special Education
270000 | 0 | Arts, Design, Entertainment, Sports, and Media Occupations
272011 | 3 | Actors
290000 | 0 | Healthcare Practitioners and Technical Occupations
291210 | 2 | Physicians
291211 | 3 | Anesthesiologists
"""

# Display level 3 (NAICS subsectors) are the industries a career lists; the others are not.
INDUSTRIES = """
000000 | 0 | Cross-Industry, Private, Federal, State, and Local
000001 | 1 | Cross-industry, Private Ownership only
113000 | 3 | Forestry and Logging
311000 | 3 | Food Manufacturing
325000 | 3 | Chemical Manufacturing
332000 | 3 | Fabricated Metal Product Manufacturing
333000 | 3 | Machinery Manufacturing
334000 | 3 | Computer and Electronic Product Manufacturing
336000 | 3 | Transportation Equipment Manufacturing
336300 | 4 | Motor Vehicle Parts Manufacturing
512000 | 3 | Motion Picture and Sound Recording Industries
541000 | 3 | Professional, Scientific, and Technical Services
551000 | 3 | Management of Companies and Enterprises
561000 | 3 | Administrative and Support Services
61--62 | 2 | Sector 61 - Educational Services
611000 | 3 | Educational Services
621000 | 3 | Ambulatory Health Care Services
622000 | 3 | Hospitals
713000 | 3 | Amusement, Gambling, and Recreation Industries
999000 | 3 | Federal, State, and Local Government, excluding State and Local Schools and Hospitals and USPS
"""

# One series a line. The key is OEU + area type and area (N0000000 national, S0100000 Alabama)
# + industry + SOC. Then the values of datatypes 01 (employment), 03 and 04 (hourly and annual
# mean), 06-15 (hourly, then annual p10, p25, median, p75, p90), and for areas 16 and 17 (jobs
# per 1,000, location quotient); a line may stop after the employment. "-" is BLS's "not
# published"; "/4" after a value is its footnote code (5 top-coded, 8 not released).
# Employment in industries is given only at display level 3 and a few others to skip.
CELL_COLUMNS = (
    "01", "03", "04", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17",
)  # fmt: skip
CELLS = """
# area    industry soc     01       03     04      06     07     08     09      10      11      12      13      14      15      16     17
N0000000  000000   111021  3503020  64.87  134940  24.08  34.77  50.85  80.42   121.82  50090   72320   105770  167280  253390
N0000000  541000   111021  438720
N0000000  561000   111021  229960
N0000000  000000   113051  246250   64.50  134170  37.50  47.19  60.61  77.83   98.81   78000   98160   126060  161880  205520
N0000000  000001   113051  243020
N0000000  113000   113051  -/8
N0000000  311000   113051  19440
N0000000  325000   113051  21440
N0000000  332000   113051  23450
N0000000  333000   113051  17600
N0000000  334000   113051  12170
N0000000  336000   113051  25800
N0000000  336300   113051  7960
S0100000  000000   113051  3620     62.16  129300  33.44  44.40  58.90  77.11   98.10   69560   92350   122520  160380  204050  1.802  1.17
S4800000  000000   113051  11290    60.48  125790  35.02  45.36  57.53  73.80   94.27   72850   94340   119660  153500  196070  0.825  0.54
M0010180  000000   113051  -/8      51.32  106750  30.11  38.50  48.41  60.57   78.02   62630   80080   100700  125990  162280  -/8    -/8
M0010180  541000   113051  20
M0100001  000000   113051  40       45.87  95410   29.63  35.81  44.10  52.66   66.12   61630   74480   91720   109530  137530  0.512  0.33
N0000000  000000   119199  622190   73.99  153890  35.72  49.46  68.22  89.57   114.55  74300   102880  141900  186300  238270
N0000000  999000   119199  135880
N0000000  000000   131020  491430   40.27  83770   23.26  29.23  37.36  48.47   61.96   48380   60800   77710   100820  128870
S0100000  000000   131020  6280     35.83  74530   22.07  27.41  34.26  43.40   53.65   45910   57010   71260   90270   111590  3.126  0.98
S0100000  000000   110000  105930   57.48  119560  23.57  32.24  46.84  67.81   96.51   49030   67060   97430   141040  200740  52.726 0.80
N0000000  999000   131020  63580
N0000000  551000   131020  46080
N0000000  000000   211018  491930   30.98  64440   18.72  22.65  28.53  36.80   46.92   38940   47100   59350   76530   97590
N0000000  000000   252021  1388390  -/4    72650   -/4    -/4    -/4    -/4     -/4     47960   57710   63970   81450   104340
S4800000  000000   252021  104590   -/4    65790   -/4    -/4    -/4    -/4     -/4     50180   56360   63210   72290   84680   7.645  1.16
N0000000  61--62   252021  1383430
N0000000  611000   252021  1383430
N0000000  000000   272011  55000    58.29  -/4     16.50  20.34  29.05  97.95   143.68  -/4     -/4     -/4     -/4     -/4
M0010180  000000   272011  30       -/8    -/8     -/8    -/8    -/8    -/8     -/8     -/8     -/8     -/8     -/8     -/8     0.446  0.93
N0000000  512000   272011  19410
N0000000  713000   272011  5830
N0000000  000000   291211  38760    111.29 231480  48.78  99.52  -/5    -/5     -/5     101460  207000  -/5     -/5     -/5
M0010900  000000   291211  90       -/5    -/5     77.20  104.91 -/5    -/5     -/5     160580  218210  -/5     -/5     -/5     0.217  3.13
N0000000  621000   291211  28980
N0000000  622000   291211  8240
"""


def table(text: str) -> list[list[str]]:
    """The rows of a ``|``-separated block."""
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


def cell_rows() -> list[tuple[str | None, ...]]:
    """The rows of ``cell``: key, v01..v17, f01..f17."""
    rows = []
    for line in CELLS.strip().splitlines():
        if line.startswith("#"):
            continue
        area, industry, soc, *given = line.split()
        values: dict[str, str | None] = {f"{n:02}": None for n in range(1, 18)}
        footnotes: dict[str, str | None] = dict(values)
        for code, text in zip(CELL_COLUMNS, given, strict=False):
            values[code], _, footnote = text.partition("/")
            footnotes[code] = footnote or None
        rows.append((f"OEU{area}{industry}{soc}", *values.values(), *footnotes.values()))
    return rows


def database() -> sqlite3.Connection:
    """The database, in memory."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO meta VALUES (?, ?)", table(META))
    db.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", table(AREAS))
    db.executemany("INSERT INTO datatype VALUES (?, ?)", table(DATATYPES))
    db.executemany("INSERT INTO footnote VALUES (?, ?)", table(FOOTNOTES))
    occupations = [(code, name, int(level)) for code, level, name in table(OCCUPATIONS)]
    db.executemany("INSERT INTO occupation VALUES (?, ?, ?)", occupations)
    industries = [(code, name, int(level)) for code, level, name in table(INDUSTRIES)]
    db.executemany("INSERT INTO industry VALUES (?, ?, ?)", industries)
    db.executemany(f"INSERT INTO cell VALUES ({', '.join('?' * 35)})", cell_rows())
    db.commit()
    return db


def write_oews(target: Path) -> Path:
    """Write the database to ``target`` (gzipped if it ends in ``.gz``); return ``target``."""
    db = database()
    try:
        data = db.serialize()
    finally:
        db.close()
    if target.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make_oews.py OUT (e.g. DIR/bls_oews_may2025/oews-2025.sqlite.gz)")
        return 2
    print(write_oews(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
