"""interlink catalogue: list, search, show, recommend — built in and the project's own."""
import json
import unittest

from helpers import ScratchTest


class CatalogueTest(ScratchTest):
    def test_list_and_search(self):
        all_ = json.loads(self.ok("catalogue", "--format", "json").out)
        self.assertGreaterEqual(len(all_), 25)
        self.assertEqual(len({e["id"] for e in all_}), len(all_))
        found = json.loads(self.ok("catalogue", "list", "--search", "SURVEY", "--format", "json").out)
        self.assertTrue(found)
        self.assertLess(len(found), len(all_))
        for e in found:
            hay = " ".join([e["id"], e["name"], e["description"], *e["problem_profiles"]]).lower()
            self.assertIn("survey", hay)
        self.assertEqual(self.ok("catalogue", "--search", "no-such-word-anywhere").out, "")

    def test_show_and_typo(self):
        r = self.ok("catalogue", "show", "kanban-board")
        self.assertIn("id:               kanban-board\n", r.out)
        r = self.run_cli("catalogue", "show", "kanban-bord")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err, "interlink: error: no INTERLINKER 'kanban-bord' (did you mean 'kanban-board'?)\n"
                                "hint: run 'interlink catalogue list' to see them all\n")

    def test_recommend_uses_named_then_profiles_and_project_entries(self):
        self.ok("init", "p", "--template", "interlink-default")
        p = self.tmp / "p"
        y = (p / "interlink.yaml").read_text()
        y += ("interlinkers:\n  - id: city-survey-kit\n    name: City survey kit\n    nature: knowledge\n"
              "    problem_profiles: [UND_PROBLEM_2]\n")
        (p / "interlink.yaml").write_text(y)
        recs = json.loads(self.ok("-C", str(p), "catalogue", "recommend", "map-stakeholders", "--format", "json").out)
        reasons = [r["reason"] for r in recs]
        self.assertEqual(reasons[0], "named by the task")
        self.assertIn("city-survey-kit", [r["id"] for r in recs])
        own = next(r for r in recs if r["id"] == "city-survey-kit")
        self.assertEqual(own["reason"], "addresses UND_PROBLEM_2")
        r = self.run_cli("-C", str(p), "catalogue", "recommend", "map-stakeholder")
        self.assertEqual(r.code, 1, r)
        self.assertIn("did you mean 'map-stakeholders'?", r.err)


if __name__ == "__main__":
    unittest.main()
