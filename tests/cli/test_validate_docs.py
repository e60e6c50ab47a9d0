"""Every rule id the sources can report is documented in
interlink-validate(1) and described in the rule catalogue that SARIF uses
(lib/validate/rules.cpp), so that a new rule cannot ship undocumented."""
import re
import unittest

from helpers import SOURCE

# error("rule", ...), warning("rule", ...), {"rule", model::Severity::...},
# add(w, "rule", Severity::...) (validate/process_checks.cpp: four rules
# went undocumented, and without a SARIF description, while this pattern
# was missing).
RULE_USE = re.compile(r'(?:\berror|\bwarning)\(\s*"([a-z][a-z-]+)"|\{"([a-z][a-z-]+)",\s*(?:model::)?Severity::'
                      r'|\badd\(\s*\w+,\s*"([a-z][a-z-]+)",\s*(?:model::)?Severity::')


def rules_used():
    found = {}
    for path in sorted((SOURCE / "lib").rglob("*.cpp")):
        if path.name.startswith("render") or path.name == "rules.cpp":
            continue
        for m in RULE_USE.finditer(path.read_text()):
            found.setdefault(m.group(1) or m.group(2) or m.group(3), path.relative_to(SOURCE))
    return found


class ValidateDocsTest(unittest.TestCase):
    def test_every_rule_is_in_the_man_page_and_the_catalogue(self):
        used = rules_used()
        self.assertGreater(len(used), 20)
        page = (SOURCE / "man" / "interlink-validate.1").read_text()
        documented = set(re.findall(r"^\.B ([a-z\\-]+)$", page, re.M))
        documented = {d.replace("\\-", "-") for d in documented}
        catalogue = set(re.findall(r'\{"([a-z][a-z-]+)",\s*"', (SOURCE / "lib" / "validate" / "rules.cpp").read_text()))
        for rule, where in sorted(used.items()):
            with self.subTest(rule=rule):
                self.assertIn(rule, documented, f"{rule} (used in {where}) is not under RULES in interlink-validate.1")
                self.assertIn(rule, catalogue, f"{rule} (used in {where}) has no description in lib/validate/rules.cpp")
        self.assertEqual(sorted(catalogue - set(used)), [], "rules described but never reported")


if __name__ == "__main__":
    unittest.main()
