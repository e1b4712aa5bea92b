"""Hostile data, round two (issue 11): what an attacker or a careless editor can write into
data/, and the exact lines `python -m calculators validate` must answer with.

Classes: invisible and control characters per field; line separators; deep nesting; numbers
at the edges; pathological length; files that are not files; values that validate but cannot
be served. Every case runs in one child process (tests/hostile.py): each under a 10 s alarm,
the process under a memory limit. Every line of output is at most 300 characters.
"""

from __future__ import annotations

import os
import shutil
import socket

import pytest

from hostile import MAX_MESSAGE, VALID, Content, Edit, Setup, run_cases

# ------------------------------------------------------------------ characters in text fields

# Written with a YAML escape inside double quotes: what the escape makes, as messages name it.
ESCAPES = {
    "NUL": ("\\0", "U+0000 NULL"),
    "bell": ("\\a", "U+0007 BELL"),
    "backspace": ("\\b", "U+0008 BACKSPACE"),
    "tab": ("\\t", "U+0009 CHARACTER TABULATION"),
    "clear screen (ESC [2J)": ("\\e[2J", "U+001B ESCAPE"),
    "set window title (OSC)": ("\\e]0;pwned\\a", "U+001B ESCAPE"),
    "DEL": ("\\x7f", "U+007F DELETE"),
    "C1 CSI": ("\\x9b2J", "U+009B CONTROL SEQUENCE INTRODUCER"),
    "next line": ("\\N", "U+0085 NEXT LINE"),
    "line separator": ("\\L", "U+2028 LINE SEPARATOR"),
    "paragraph separator": ("\\P", "U+2029 PARAGRAPH SEPARATOR"),
    "lone high surrogate": ("\\uD800", "U+D800 (a lone surrogate)"),
    "lone low surrogate": ("\\uDFFF", "U+DFFF (a lone surrogate)"),
    "right-to-left override": ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "left-to-right isolate": ("\\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    "private use": ("\\uE000", "U+E000 (a private-use character)"),
    "noncharacter": ("\\uFFFF", "U+FFFF (an unassigned code point)"),
}

# A double-quoted value of each kind of field: (file, old, new with {} for the escape, what).
QUOTED_FIELDS = {
    "person name": ("contacts.yaml", "name: Dipen Shah", 'name: "Dipen{}Shah"', "text"),
    "email": ("contacts.yaml", "email: dipen.shah@8x8.com", 'email: "dipen.shah{}@8x8.com"',
              "an email address"),
    "phone number": ("contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+1 888{}898 8733"',
                     "a phone number"),
    "region id": ("contacts.yaml", "- id: usa\n", '- id: "us{}a"\n', "a region id"),
}

# Bidi controls are formatting, which free text may hold (tests/test_xss.py shows them kept on
# the pages); every other field refuses them.
FORMATTING = ("right-to-left override", "left-to-right isolate")
# Half of a surrogate pair: the message says what to write instead (tests/test_beyond_bmp.py).
HALF = {"lone high surrogate": "first", "lone low surrogate": "second"}
HALF_MESSAGE = (", the {} half of a character beyond U+FFFF without the other half; write the "
                "character itself, or its escape in full, such as \\U0001F600 for U+1F600, or "
                "both halves, such as \\ud83d\\ude00")
ESCAPE_CASES = {
    f"{field}: {name}": (
        Edit(file, old, new.format(written), '"') if what == "text" and name in FORMATTING else
        Edit(file, old, new.format(written), '"', f"an escape in this value writes {char}"
                                                   + HALF_MESSAGE.format(HALF[name]))
        if name in HALF else
        Edit(file, old, new.format(written), '"', f"an escape in this value writes {char}, "
                                                   f"which is not allowed in {what}; delete it"))
    for field, (file, old, new, what) in QUOTED_FIELDS.items()
    for name, (written, char) in ESCAPES.items()
}

# Typed as themselves: free text may hold invisible formatting (bidi controls, marks, soft
# hyphens, zero-width spaces); fields that links or ids are made from hold none at all.
RAW = {
    "right-to-left override": ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "left-to-right override": ("\u202d", "U+202D LEFT-TO-RIGHT OVERRIDE"),
    "right-to-left isolate": ("\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    "pop directional formatting": ("\u202c", "U+202C POP DIRECTIONAL FORMATTING"),
    "zero width space": ("\u200b", "U+200B ZERO WIDTH SPACE"),
    "byte order mark": ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    "soft hyphen": ("\u00ad", "U+00AD SOFT HYPHEN"),
    "left-to-right mark": ("\u200e", "U+200E LEFT-TO-RIGHT MARK"),
}
RAW_FIELDS = {
    "person name": ("contacts.yaml", "name: Dipen Shah", "name: Dipen{}Shah", "text"),
    "email": ("contacts.yaml", "email: dipen.shah@8x8.com", "email: dipen.shah@8x8{}.com",
              "an email address"),
    "phone number": ("contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+1 888{}898 8733"',
                     "a phone number"),
    "region id": ("contacts.yaml", "- id: usa\n", "- id: us{}a\n", "a region id"),
    "time zone": ("contacts.yaml", "zone: Asia/Singapore", "zone: Asia/{}Singapore",
                  "a time zone"),
}

RAW_CASES = {
    f"{field} typed: {name}": (
        Edit(file, old, new.format(char), char) if what == "text" else
        Edit(file, old, new.format(char), char, f"{shown} is not allowed in {what}; delete it"))
    for field, (file, old, new, what) in RAW_FIELDS.items()
    for name, (char, shown) in RAW.items()
}

# ------------------------------------------------------------------ line separators

# Reading the file stops at a fault of its YAML, and the message says so.
STOPPED = "; nothing else in this file is checked until this is fixed"
SEPARATOR = "YAML reads it as a line break that editors do not show; delete it" + STOPPED
SEPARATORS = {"U+2028 LINE SEPARATOR": "\u2028", "U+2029 PARAGRAPH SEPARATOR": "\u2029",
              "U+0085 NEXT LINE": "\x85"}
SEPARATOR_PLACES = {
    "in a comment on line 2": ("contacts.yaml", "# Support regions", "# Support{} regions"),
    "in a plain value": ("contacts.yaml", "name: Dipen Shah", "name: Dipen{}Shah"),
    "in a quoted value": ("contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+1 888{}"'),
    "in a key": ("slt.yaml", "disclaimer:", "discl{}aimer:"),
    "in policy text": ("policy.yaml", "acceptance_requests: 3", "acceptance_requests: 3 {}"),
}
SEPARATOR_CASES = {
    f"{name} {place}": Edit(file, old, new.format(char), char, f"{name} is not allowed: {SEPARATOR}")
    for name, char in SEPARATORS.items()
    for place, (file, old, new) in SEPARATOR_PLACES.items()
}

# ------------------------------------------------------------------ deep nesting

NESTED = ("not valid YAML: values are nested more than 20 levels deep; no value of the policy "
          "data is; close the brackets or undo the indentation" + STOPPED)
NESTING_CASES = {
    "400 [": Content("slt.yaml", b"[" * 400 + b"]" * 400, (f"data/slt.yaml:1:21: {NESTED}",)),
    "21 [": Content("slt.yaml", b"[" * 21 + b"]" * 21, (f"data/slt.yaml:1:21: {NESTED}",)),
    "100,000 [ (within the size limit)": Content(
        "slt.yaml", b"[" * 100_000, (f"data/slt.yaml:1:21: {NESTED}",)),
    "400 {": Content("slt.yaml", b"{a: " * 400 + b"}" * 400, (f"data/slt.yaml:1:81: {NESTED}",)),
    "400 - on one line": Content("slt.yaml", b"- " * 400 + b"x\n",
                                 (f"data/slt.yaml:1:41: {NESTED}",)),
    "400 - indented": Content(
        "slt.yaml", b"".join(b"  " * level + b"-\n" for level in range(400)),
        (f"data/slt.yaml:21:41: {NESTED}",)),
    "400 mappings indented": Content(
        "contacts.yaml", b"".join(b" " * level + b"a:\n" for level in range(400)),
        (f"data/contacts.yaml:21:21: {NESTED}",)),
    "mixed [{- 400": Content("slt.yaml", b"[{a: " * 200 + b"x" + b"}]" * 200,
                             (f"data/slt.yaml:1:51: {NESTED}",)),
    "deep inside a real field": Edit(
        "slt.yaml", "disclaimer: >-", "disclaimer: " + "[" * 400 + "]" * 400 + "\nx: >-",
        "[" * 381 + "]", NESTED),  # the 20th bracket: the file's mapping is the first level
    "deep in policy.yaml": Edit(
        "policy.yaml", "acceptance_requests: 3", "acceptance_requests: " + "{a: " * 30 + "}" * 30,
        "{a: " * 12 + "}", NESTED),  # the 19th mapping: the file's and case_handling come first
}

# Issue 19: 400 nested sequences on one line were reported a line below where staff see them
# when a carriage return without a line feed came before (YAML breaks lines there, and some
# editors do not): such a carriage return is now refused where it stands, and the nesting is
# reported on its own line whatever line ends the file has. (line, column, file text): the 21st
# "-" at the top, the 20th inside a key's value (the file's mapping is a level too).
DASHES = "- " * 400 + "x"
NESTING_LINES = {
    "on line 1": (1, 41, DASHES + "\n"),
    "on line 1, no line end": (1, 41, DASHES),
    "after a comment": (2, 41, "# c\n" + DASHES + "\n"),
    "after two blank lines": (3, 41, "\n\n" + DASHES + "\n"),
    "after CRLF line ends": (3, 41, "# c\r\n# d\r\n" + DASHES + "\r\n"),
    "with CRLF, and more lines after": (2, 41, "# c\r\n" + DASHES + "\r\n# e\r\n"),
    "after a document start": (2, 41, "---\n" + DASHES + "\n"),
    "after a key": (2, 39, "a:\n" + DASHES + "\n"),
    "in a key's value, indented": (2, 41, "a:\n  " + DASHES + "\n"),
}
NESTING_LINE_CASES = {
    f"400 - {name}": Content("slt.yaml", text.encode(),
                             (f"data/slt.yaml:{line}:{column}: {NESTED}",))
    for name, (line, column, text) in NESTING_LINES.items()
}
CR = ("U+000D CARRIAGE RETURN without a line feed after it is not allowed: YAML reads it as a "
      "line break that some editors do not show; delete it, or save the file with Unix (LF) "
      "or Windows (CRLF) line ends" + STOPPED)
CR_CASES = {
    "a CR before 400 - on one line": Content("slt.yaml", ("# c\r" + DASHES + "\n").encode(),
                                             (f"data/slt.yaml:1:4: {CR}",)),
    "a CR in the middle of 400 -": Content(
        "slt.yaml", ("- " * 10 + "\r" + "- " * 390 + "x\n").encode(),
        (f"data/slt.yaml:1:21: {CR}",)),
    "old Mac line ends (CR only)": Content(
        "slt.yaml", b"updated: 2026-12-04\rdisclaimer: x\r", (f"data/slt.yaml:1:20: {CR}",)),
    "a CR at the end of the file": Content(
        "slt.yaml", b"updated: 2026-12-04\n\r", (f"data/slt.yaml:2:1: {CR}",)),
    "CR CR LF": Edit("slt.yaml", "disclaimer: >-\n", "disclaimer: >-\r\r\n", "\r", CR),
    "a CR in a plain value": Edit("contacts.yaml", "name: Dipen Shah", "name: Dipen\rShah",
                                  "\r", CR),
    "a CR in a comment": Edit("contacts.yaml", "# Support regions", "# Support\rregions", "\r",
                              CR),
    "a CR in a quoted value": Edit("contacts.yaml", 'number: "+1 888 898 8733"',
                                   'number: "+1 888\r898 8733"', "\r", CR),
    "CRLF line ends everywhere (fine)": Setup(
        lambda data: (data / "slt.yaml").write_bytes(
            (data / "slt.yaml").read_bytes().replace(b"\n", b"\r\n")), (VALID,)),
    "an escaped \\r in quotes (fine: no line end in the file)": Edit(
        "contacts.yaml", "name: Dipen Shah", 'name: "Dipen\\rShah"', '"',
        "an escape in this value writes U+000D CARRIAGE RETURN, which is not allowed in text; "
        "delete it"),
}

# ------------------------------------------------------------------ numbers at the edges

LONG_DIGITS = "9" * 5000
DURATION = ('is not a duration such as "30 minutes" or "4 hours", at most 720 hours (30 days)')
TOO_LONG_TARGET = ("is longer than any target of the policy may be; a response or update target "
                   "is at most 720 hours (30 days)")
REQUESTS = "is not a whole number from 1 to 10; write a whole number from 1 to 10"
YEARS = "is not a whole number from 2000 to 2100; write a whole number from 2000 to 2100"


def _within(value: str, message: str | None) -> Edit:
    return Edit("slt.yaml", "within: 30 minutes", f"within: {value}", value,
                message and (f"{value!r} {message}"))


def _requests(value: str, message: str | None) -> Edit:
    return Edit("policy.yaml", "acceptance_requests: 3", f"acceptance_requests: {value}", value,
                message)


NUMBER_CASES = {
    "999999999999 hours (timedelta overflow)": _within("999999999999 hours", DURATION),
    "70000000 hours (8,000 years)": _within("70000000 hours", DURATION),
    "721 hours": _within("721 hours", TOO_LONG_TARGET),
    "720 hours (the bound itself)": _within("720 hours", None),
    "43201 minutes": _within("43201 minutes", TOO_LONG_TARGET),
    "43200 minutes": _within("43200 minutes", None),
    "1 minute": _within("1 minute", None),
    "0 minutes": _within("0 minutes", DURATION),
    "-1 hours": _within("-1 hours", DURATION),
    "1e9 hours": _within("1e9 hours", DURATION),
    "Arabic-Indic digits": _within("\u0663\u0660 minutes", DURATION),
    "1_000 minutes": _within("1_000 minutes", DURATION),
    "updates every 10000000 hours": Edit(
        "slt.yaml", "every: 4 hours", "every: 10000000 hours", "10000000",
        f"'10000000 hours' {DURATION}"),
    "010 (YAML 1.1 octal)": _requests(
        "010", "010 is read by YAML as the octal number 8; write the number without leading "
               "zeros"),
    "07": _requests("07", "07 is read by YAML as the octal number 7; write the number without "
                          "leading zeros"),
    "0x0A (hexadecimal)": _requests("0x0A", f"0x0A {REQUESTS}"),
    "0o10": _requests("0o10", f"0o10 {REQUESTS}"),
    "1_0": _requests("1_0", f"1_0 {REQUESTS}"),
    "11": _requests("11", f"11 {REQUESTS}"),
    "0": _requests("0", f"0 {REQUESTS}"),
    "-1": _requests("-1", f"-1 {REQUESTS}"),
    "10.0": _requests("10.0", f"10.0 {REQUESTS}"),
    "5,000 digits": _requests(
        "9" * 5000, f"'{'9' * 40}'...'{'9' * 15}' (5,000 characters) {REQUESTS}"),
    "a name of 5,000 digits": Edit(
        "contacts.yaml", "name: Dipen Shah", f"name: {LONG_DIGITS}", "9",
        f"'{'9' * 40}'...'{'9' * 15}' (5,000 characters) is read by YAML as a number; write it "
        "in quotes: the whole value"),
    "a name of 5,000 hexadecimal digits": Edit(
        "contacts.yaml", "name: Dipen Shah", f"name: 0x{'f' * 5000}", "0x",
        f"'0x{'f' * 38}'...'{'f' * 15}' (5,002 characters) is read by YAML as a number; write it "
        "in quotes: the whole value"),
    "a name that is a date with month 13": Edit(
        "contacts.yaml", "name: Dipen Shah", "name: 2026-13-45", "2026",
        '2026-13-45 is read by YAML as a date; write it in quotes: "2026-13-45"'),
    "a name that is 30 February": Edit(
        "contacts.yaml", "name: Dipen Shah", "name: 2026-02-30 10:00:00", "2026",
        "2026-02-30 10:00:00 is read by YAML as a date; write it in quotes: "
        '"2026-02-30 10:00:00"'),
    "a name that is a real date": Edit(
        "contacts.yaml", "name: Dipen Shah", "name: 2026-02-28", "2026",
        '2026-02-28 is read by YAML as a date; write it in quotes: "2026-02-28"'),
    "updated 2026-13-45": Edit(
        "contacts.yaml", "updated: 2026-12-04", "updated: 2026-13-45", "2026-13-45",
        "'2026-13-45' is not a date \"YYYY-MM-DD\": month must be in 1..12"),
    "year 99999999999": Edit("contacts.yaml", "first: 2025,", "first: 99999999999,",
                             "99999999999", f"99999999999 {YEARS}"),
    "year 02025 (octal)": Edit(
        "contacts.yaml", "first: 2025,", "first: 02025,", "02025",
        "02025 is read by YAML as the octal number 1045; write the number without leading zeros"),
}

# ------------------------------------------------------------------ pathological length

BIG = 200_000  # a value of 200,000 characters, within the 256 KiB a file may have


def _long(file: str, old: str, new: str, what: str, limit: str) -> Edit:
    value = "a" * BIG
    shown = f"'{'a' * 40}'...'{'a' * 15}' (200,000 characters)"
    return Edit(file, old, new.format(value), '"',
                f"{shown} is too long; {what} has at most {limit} characters")


LENGTH_CASES = {
    "200,000-character name": _long("contacts.yaml", "name: Dipen Shah", 'name: "{}"', "text",
                                    "2,000"),
    "200,000-character email": _long("contacts.yaml", "email: dipen.shah@8x8.com",
                                     'email: "{}"', "an email address", "254"),
    "200,000-character phone": _long("contacts.yaml", 'number: "+1 888 898 8733"',
                                     'number: "{}"', "a phone number", "40"),
    "200,000-character region id": _long("contacts.yaml", "- id: usa\n", '- id: "{}"\n',
                                         "a region id", "100"),
    "200,000-character zone": _long("contacts.yaml", "zone: Asia/Singapore", 'zone: "{}"',
                                    "a time zone", "64"),
    "200,000-character time": _long("contacts.yaml", 'open: "09:00"', 'open: "{}"', "a time",
                                    "40"),
    "200,000-character date": _long("contacts.yaml", "updated: 2026-12-04", 'updated: "{}"',
                                    "a date", "40"),
    "200,000-character duration": _long("slt.yaml", "within: 30 minutes", 'within: "{}"',
                                        "a duration", "40"),
    "200,000-character clock": _long("slt.yaml", "clock: 24x7,", 'clock: "{}",', "a clock",
                                     "54"),
    "200,000-character calendar": _long("contacts.yaml", "calendar: SG,", 'calendar: "{}",',
                                        "a country code", "40"),
    "200,000-character subdivision": _long("contacts.yaml", "subdivision: ENG,",
                                           'subdivision: "{}",', "a subdivision code", "40"),
    "200,000-character priority reference": _long(
        "slt.yaml", "- priority: S1", '- priority: "{}"', "the id of a priority", "100"),
    "200,000-character label": _long("contacts.yaml", "{label: UK,", '{{label: "{}",', "text",
                                     "2,000"),
    # An unknown key is not a value with a limit; its name is shortened in the message.
    "1,000-character unknown key": Edit(
        "policy.yaml", "acceptance_requests: 3\n", f"acceptance_requests: 3\n  {'k' * 1000}: x\n",
        "k", f"unknown key '{'k' * 40}'...'{'k' * 15}' (1,000 characters); expected one of: "
             "paragraphs, acceptance_requests"),
    # YAML itself reads at most 1,024 characters as a key, and says where it gave up.
    "200,000-character key": Edit(
        "policy.yaml", "acceptance_requests: 3\n", f"acceptance_requests: 3\n  {'k' * BIG}: x\n",
        ": x", "not valid YAML: could not find expected ':'; check the indentation, colons, "
               "quotes and brackets here and on the line before" + STOPPED),
}

# ------------------------------------------------------------------ files that are not files


def _fifo(data):
    (data / "slt.yaml").unlink()
    os.mkfifo(data / "slt.yaml")


def _link(target: str, name: str = "slt.yaml"):
    def make(data):
        (data / name).unlink()
        (data / name).symlink_to(target)
    return make


def _two_link_loop(data):
    (data / "slt.yaml").unlink()
    (data / "slt.yaml").symlink_to("other.yaml")
    (data / "other.yaml").symlink_to("slt.yaml")


def _folder_loop(data):
    shutil.rmtree(data)
    data.symlink_to("data")


def _folder_as_file(data):
    (data / "slt.yaml").unlink()
    (data / "slt.yaml").mkdir()


def _socket(data):
    (data / "slt.yaml").unlink()
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(data / "slt.yaml"))


def _data_is_a_file(data):
    shutil.rmtree(data)
    data.write_text("updated: 2026-11-27\n")


def _elsewhere(data):
    (data / "slt.yaml").rename(data.parent / "slt-elsewhere.yaml")
    (data / "slt.yaml").symlink_to(data.parent / "slt-elsewhere.yaml")


LOOP = "cannot be read: Too many levels of symbolic links (a symbolic link that leads back to itself)"
# Every file of the policy data, in the order problems are listed.
ALL_FILES = ("contacts.yaml", "policy-text.txt", "policy.yaml", "readings.yaml", "slt.yaml")
FILE_CASES = {
    "a named pipe": Setup(_fifo, ("data/slt.yaml:1:1: is a named pipe, not a file; a data file "
                                  "must be a regular file",)),
    "a link to /dev/zero": Setup(_link("/dev/zero"), (
        "data/slt.yaml:1:1: is a character device, not a file; a data file must be a regular "
        "file",)),
    "a link to /dev/urandom": Setup(_link("/dev/urandom"), (
        "data/slt.yaml:1:1: is a character device, not a file; a data file must be a regular "
        "file",)),
    "a link to itself": Setup(_link("slt.yaml"), (f"data/slt.yaml:1:1: {LOOP}",)),
    "two links in a loop": Setup(_two_link_loop, (f"data/slt.yaml:1:1: {LOOP}",)),
    "a data folder that links to itself": Setup(
        _folder_loop, tuple(f"data/{name}:1:1: {LOOP}" for name in ALL_FILES)),
    "a folder named slt.yaml": Setup(_folder_as_file, (
        "data/slt.yaml:1:1: is a folder, not a file; a data file must be a regular file",)),
    "a socket": Setup(_socket, (
        "data/slt.yaml:1:1: is a socket, not a file; a data file must be a regular file",)),
    "a dangling link": Setup(_link("nowhere.yaml"), (
        "data/slt.yaml:1:1: file not found; it is part of the policy data and must exist",)),
    "a data folder that is a file": Setup(_data_is_a_file, tuple(
        f"data/{name}:1:1: cannot be read: Not a directory" for name in ALL_FILES)),
    "a link to a file elsewhere (fine)": Setup(_elsewhere, (VALID,)),
}

# ------------------------------------------------------------------ valid but cannot be served

ZONE = 'is not an IANA time zone such as "Europe/London"'


def _zone(value: str, message: str | None) -> Edit:
    return Edit("contacts.yaml", "zone: Asia/Singapore", f'zone: "{value}"', '"',
                message and f"{value!r} {message}")


# The shipped files' updated: dates.
UPDATED = {"contacts.yaml": "2026-12-04", "slt.yaml": "2026-12-04", "policy.yaml": "2026-11-27",
           "readings.yaml": "2026-12-04"}


def _updated(file: str, value: str) -> Edit:
    return Edit(file, f"updated: {UPDATED[file]}", f"updated: {value}", value,
                f"'{value}' is in the future; write the day of the change, today or earlier")


VACANT = "is the word a role's holders use for nobody; choose another id"


def _person(ident: str) -> Edit:
    return Edit("contacts.yaml", "    - id: dipen-shah\n",
                f"    - {{id: {ident}, name: Nobody}}\n    - id: dipen-shah\n", ident,
                f"{ident!r} {VACANT}")
SERVED_CASES = {
    "zone localtime": _zone("localtime", ZONE),
    "zone Factory": _zone("Factory", ZONE),
    "zone posixrules": _zone("posixrules", ZONE),
    "zone /etc/localtime": _zone("/etc/localtime", ZONE),
    "zone ../../etc/passwd": _zone("../../etc/passwd", ZONE),
    "zone with a trailing space": _zone("Asia/Singapore ", ZONE + ": did you mean 'Asia/Singapore'?"),
    "zone in lower case": _zone("asia/singapore", ZONE + ": did you mean 'Asia/Singapore'?"),
    "zone UTC (fine)": _zone("UTC", None),
    "zone Etc/GMT-8 (fine)": _zone("Etc/GMT-8", None),
    "zone of 5,000 characters": Edit(
        "contacts.yaml", "zone: Asia/Singapore", "zone: " + "Asia/" * 1000, "Asia",
        f"'{'Asia/' * 8}'...'{'Asia/' * 3}' (5,000 characters) is too long; "
        "a time zone has at most 64 characters"),
    "person id vacant": _person("vacant"),
    "person id Vacant": _person("Vacant"),
    "person id VACANT": _person("VACANT"),
    "updated 9999-12-31 in contacts": _updated("contacts.yaml", "9999-12-31"),
    "updated 9999-12-31 in slt": _updated("slt.yaml", "9999-12-31"),
    "updated 9999-12-31 in policy": _updated("policy.yaml", "9999-12-31"),
    "updated 9999-12-31 in readings": _updated("readings.yaml", "9999-12-31"),
    "updated 2100-01-01": _updated("contacts.yaml", "2100-01-01"),
    "subdivision unknown: a capped list of choices": Edit(
        "contacts.yaml", "calendar: GB, subdivision: ENG,", "calendar: US, subdivision: XX,",
        "XX", "'XX' is not a subdivision of US; write one of: AK, AL, AR, AS, AZ, CA, CO, CT, "
              "DC, DE, FL, GA, ... (57 in all)"),
    "phone too short for its country": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+1 888 898 873"', '"',
        "'+1 888 898 873' is not a valid number of US (+1): check its digits against the "
        "policy text"),
    "phone with an unknown country code": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+999 888 898 873"', '"',
        "'+999 888 898 873' has no known country code after the \"+\"; write \"+\", the "
        "country code, then the number, such as \"+44 20 7946 0000\""),
    "phone with the letter O for zeros": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+1 888 898 87OO"', '"',
        "'+1 888 898 87OO' is not a phone number: it has the letter O where a digit belongs; "
        "write '+1 888 898 8700'"),
    "phone with l and o for digits": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+l 888 898 8o33"', '"',
        "'+l 888 898 8o33' is not a phone number: it has the letter l and the letter o where a "
        "digit belongs; write '+1 888 898 8033'"),
    # phonenumbers would read it as a keypad's digits, +1 800 356 9377.
    "phone in vanity letters": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+1 800 FLOWERS"', '"',
        "'+1 800 FLOWERS' is not a phone number; write \"+\", the country code, then the number, "
        "such as \"+44 20 7946 0000\""),
    "phone of letters": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+abc"', '"',
        "'+abc' is not a phone number; write \"+\", the country code, then the number, such as "
        "\"+44 20 7946 0000\""),
}

# ------------------------------------------------------------------ readings and the policy text

QUOTE = '"S1 | Every 4 hours until resolution"'  # the S1 update target's quotation
WORDS_LINE = f"      - {QUOTE}\n"
BIDI_QUOTE = "\u202e" * 1999 + "x"
BIDI_SHOWN = "\\u202e"  # as a message writes U+202E


def _policy_text(data) -> None:
    """The shipped policy text grown to 256 KB by a paragraph said again and again before it:
    the quotations have to be found in all of it."""
    text = (data / "policy-text.txt").read_text(encoding="utf-8")
    filler = "Support is provided via chat, telephone and the portal. "
    room = 262_000 - len(text.encode("utf-8"))
    (data / "policy-text.txt").write_text(filler * (room // len(filler)) + text, encoding="utf-8")


def _inside_quote(written: str, message: str, *, at: str = '"') -> Edit:
    """The S1 update target's quotation with ``written`` inside it, after "Every"."""
    return Edit("readings.yaml", QUOTE, f'"S1 | Every{written} 4 hours until resolution"', at,
                message)


READING_CASES = {
    "a quotation of 100,000 characters": Edit(
        "readings.yaml", QUOTE, '"' + "a" * 100_000 + '"', '"',
        f"'{'a' * 40}'...'{'a' * 15}' (100,000 characters) is too long; text has at most 2,000 "
        "characters"),
    "a quotation that clears the screen": _inside_quote(
        "\\e[2J", "an escape in this value writes U+001B ESCAPE, which is not allowed in text; "
                  "delete it"),
    "a quotation with a bell typed in": _inside_quote(
        "\a", "character U+0007 is not allowed in YAML; delete it" + STOPPED, at="\a"),
    "a quotation with a NUL": _inside_quote(
        "\\0", "an escape in this value writes U+0000 NULL, which is not allowed in text; "
               "delete it"),
    # Free text may hold bidi controls, so the check refuses the quotation, shown escaped.
    "a quotation with a right-to-left override": _inside_quote(
        "\u202e", "the quotation parts from the policy text after 'S1 |': the text goes on "
                  "'Every 4 hours until resolution'..., the quotation 'Every\\u202e 4 hours "
                  "until reso'...; copy the words exactly from data/policy-text.txt"),
    "a quotation of 1,999 right-to-left overrides": Edit(
        "readings.yaml", QUOTE, f'"{BIDI_QUOTE}"', '"',
        f"'{BIDI_SHOWN * 5}'... is not in the policy "
        "text, not even its first word; copy the words exactly from data/policy-text.txt"),
    "5,000 quotations, each the policy's": Edit(
        "readings.yaml", WORDS_LINE, WORDS_LINE * 5000, "", None),
    "readings: [...] of 5,000 ids": Edit(
        "slt.yaml", "readings: [s1-update-clock]",
        "readings: [" + ", ".join(["s1-update-clock"] * 5000) + "]", "", None),
    "a policy text of 256 KB that holds the quotations": Setup(_policy_text, (VALID,)),
    "a policy text of 256 KB, a quotation not in it": Edit(
        "readings.yaml", QUOTE, '"S1 | Every 5 hours"', '"',
        "the quotation parts from the policy text after 'S1 | Every': the text goes on '4 hours "
        "until resolution | Pro'..., the quotation '5 hours'; copy the words exactly from "
        "data/policy-text.txt", first=_policy_text),
}

CASES = {**ESCAPE_CASES, **RAW_CASES, **SEPARATOR_CASES, **NESTING_CASES,
         **NESTING_LINE_CASES, **CR_CASES, **NUMBER_CASES,
         **LENGTH_CASES, **FILE_CASES, **SERVED_CASES, **READING_CASES}


@pytest.fixture(scope="module")
def outcomes():
    return run_cases(__name__, CASES)


@pytest.mark.parametrize("name", CASES)
def test_hostile_data_gets_its_exact_answer(outcomes, name):
    outcome = outcomes[name]
    assert outcome["error"] is None, outcome["error"]
    status, lines, err = outcome["actual"]
    assert [status, lines, err] == outcome["expected"]
    assert "Traceback" not in err
    assert all(len(line) <= MAX_MESSAGE for line in lines), max(lines, key=len)


def test_the_corpus_is_wide():
    assert len(CASES) >= 150
