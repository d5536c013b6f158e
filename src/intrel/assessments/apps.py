from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from intrel.core import assessing


class AssessmentsConfig(AppConfig):
    name = "intrel.assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the framework check)
        from .services import relation_assess, relations_assess_many
        from .subjects import budget_line_assess, committee_assess_and_store

        # The register apps announce a change of facts (core.assessing); this layer assesses
        # (ADR 0008). This app's modules are imported here: its models load only now.
        assessing.assessor_register(
            subject_type="relation", assessor=lambda relation: relation_assess(relation=relation)
        )
        assessing.assessor_many_register(subject_type="relation", assessor=relations_assess_many)
        assessing.assessor_register(
            subject_type="budget_line", assessor=lambda line: budget_line_assess(line=line)
        )
        assessing.assessor_register(
            subject_type="committee",
            assessor=lambda committee: committee_assess_and_store(committee=committee),
        )
