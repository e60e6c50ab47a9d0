"""Personal data in free text never enters the append-only ledger or a
tracked file (issue 11, item 7): consent scopes, tags and removal reasons go
through the one screen (lib/privacy/screen), with the names of the persons in
the private store."""
import unittest

from helpers import ProjectTest, snapshot

HINT = ("hint: tracked files and the append-only ledger are public and cannot forget: name a person by their "
        "stakeholder id, and keep contact details in the private store (interlink stakeholder update ID --email ...)\n")


class FreeTextScreenTest(ProjectTest):
    def setUp(self):
        super().setUp()
        r = self.cli("-q", "add-stakeholder", "Giuseppina Esposito", "--kind", "person", "--sector", "citizen",
                     "--email", "g@example.org", "--id", "p-abc12345")
        self.assertEqual(r.code, 0, r)
        self.cli("-q", "add-stakeholder", "Comune di Roma", "--sector", "public")

    def refused(self, field, reason, *args):
        before = snapshot(self.p)
        r = self.cli(*args)
        self.assertEqual((r.code, r.err),
                         (1, f"interlink: error: {field} holds {reason}; it would enter the public record\n{HINT}"))
        self.assertEqual(snapshot(self.p), before)

    def test_a_consent_scope_with_an_email_or_phone_is_refused(self):
        self.refused("the consent scope", "an e-mail address", "stakeholder", "update", "p-abc12345",
                     "--consent", "given", "--consent-scope", "newsletters to giuseppina@mail.example")
        self.refused("the consent scope", "a phone number", "stakeholder", "update", "p-abc12345",
                     "--consent", "given", "--consent-scope", "calls on +39 333 1234567")

    def test_a_consent_scope_naming_a_registered_person_is_refused(self):
        self.refused("the consent scope", "the name of a registered person", "stakeholder", "update",
                     "comune-di-roma", "--consent", "given", "--consent-scope", "signed by giuseppina esposito")

    def test_a_removal_reason_with_personal_data_is_refused(self):
        self.refused("the reason", "the name of a registered person", "stakeholder", "remove", "comune-di-roma",
                     "--reason", "Giuseppina Esposito asked us to")

    def test_a_new_stakeholders_scope_and_tags_are_screened_too(self):
        r = self.cli("add-stakeholder", "Mario Bianchi", "--kind", "person", "--sector", "citizen",
                     "--consent", "given", "--consent-scope", "for Mario Bianchi only")
        self.assertEqual(r.code, 1, r)
        self.assertIn("the consent scope holds the name of a registered person", r.err)
        r = self.cli("add-stakeholder", "ACME", "--sector", "private", "--tag", "ceo-phone-0612345678")
        self.assertEqual(r.code, 1, r)
        self.assertIn("the tag 'ceo-phone-0612345678' holds a phone number", r.err)

    def test_clean_free_text_passes(self):
        self.ok("stakeholder", "update", "p-abc12345", "--consent", "given", "--consent-scope",
                "newsletters and workshops in 2026", cwd=self.p)


if __name__ == "__main__":
    unittest.main()
