"""The object-level rules, declared (issue 18; docs/adr/0020-object-level-permissions.md): the
addresses that write on one relation or budget line, and the roles that act on some of those
objects only. Walked by test_role_matrix.py; test_every_page.py reads it to expect a 404 where
the first object of an address is not the role's."""

OWN, OTHER, COMMITTEE = "own portfolio's", "another portfolio's", "the committee's"
KINDS = (OWN, OTHER, COMMITTEE)

OBJECT_ROUTES: dict[str, str] = {
    # address -> the object in its path
    "relations:edit": "relation",
    "relations:verify": "relation",
    "relations:party_link": "relation",
    "relations:party_unlink": "party",
    "relations:agreement_create": "relation",
    "relations:agreement_edit": "agreement",
    "relations:agreement_delete": "agreement",
    "relations:involvement_create": "relation",
    "relations:involvement_edit": "involvement",
    "relations:involvement_delete": "involvement",
    "relations:activity_create": "relation",
    "relations:activity_edit": "activity",
    "relations:activity_delete": "activity",
    "relations:contact_person_create": "relation",
    "relations:contact_person_edit": "contact_person",
    "relations:contact_person_delete": "contact_person",
    "relations:life_step_create": "relation",
    "budgets:allocate": "line",
    "budgets:realise": "allocation",
    "budgets:release": "allocation",
}
# Roles that act on some objects only (every other role: MATRIX).
HOLDER_OWN = {"wethouder": frozenset({OWN})}
OBJECT_RULES: dict[str, dict[str, frozenset[str]]] = {
    # A portfolio holder changes their portfolio's relations, with their parties, agreements,
    # involvements and activities; contact persons and life steps stay with the office.
    "relations:edit": HOLDER_OWN,
    "relations:verify": HOLDER_OWN,
    "relations:party_link": HOLDER_OWN,
    "relations:party_unlink": HOLDER_OWN,
    "relations:agreement_create": HOLDER_OWN,
    "relations:agreement_edit": HOLDER_OWN,
    "relations:agreement_delete": HOLDER_OWN,
    "relations:involvement_create": HOLDER_OWN,
    "relations:involvement_edit": HOLDER_OWN,
    "relations:involvement_delete": HOLDER_OWN,
    "relations:activity_create": HOLDER_OWN,
    "relations:activity_edit": HOLDER_OWN,
    "relations:activity_delete": HOLDER_OWN,
    # The clerk books the committee's decisions on the committee's lines; a portfolio holder
    # allocates from their portfolio's lines (realising and releasing stay with the office).
    "budgets:allocate": {"griffie": frozenset({COMMITTEE}), "wethouder": frozenset({OWN})},
    "budgets:realise": {"griffie": frozenset({COMMITTEE})},
    "budgets:release": {"griffie": frozenset({COMMITTEE})},
}
