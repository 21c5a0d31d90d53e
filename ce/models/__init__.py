"""Continuing education models: the Regulatory Element (regulatory.py) and IAR CE (iar.py)."""

from .iar import (  # noqa: F401
    IarCeAdoption,
    IarCeCarryOver,
    IarCeCourse,
    IarCeCredit,
    IarCeProvider,
    IarCeProviderToken,
    IarCeReportingFee,
)
from .regulatory import (  # noqa: F401
    CategoryGroup,
    CENotice,
    CEYear,
    LearningPlan,
    Module,
    ModuleAnswer,
    ModulePage,
    Option,
    PlanEvent,
    PlanModule,
    Question,
    RegulatoryElementFee,
)
