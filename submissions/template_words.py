"""The milestone template's own sentences (seed 000), word for word.

Practices must read the program's wording where they act, so the pages, the PDF and the
Word copy all take these sentences from here (templates through the ``template_words``
tag of ``submissions.templatetags.portal``); none of them is retyped elsewhere.
"""

MILESTONE_DESCRIPTION = (
    "Conduct an assessment of value-based payment (VBP) readiness, identify gaps, and "
    "develop an action plan to improve readiness for VBP. The VaPCAT is the first component "
    "of the EPT VBP milestone; EPT practices will also submit the VBP deliverables template "
    "which includes a gap analysis and action plan. The VBP milestone can be submitted in "
    "May or November 2026 via the EPT Deliverable Portal."
)
MILESTONE_INTENT = (
    "The EPT VBP milestone is intended to support EPT practices to increase their readiness "
    "to enter into VBP contract(s)."
)
NOT_REQUIRED = "Entering into a new VBP contract is not required to meet this milestone."

ASTERISK_RULE = (
    "Different VBP models require different organizational capabilities. VaPCAT items "
    "marked with an asterisk (*) are most relevant to large practices or Accountable Care "
    "Entities (ACE) participating in advanced VBP models. Thus, not all capabilities "
    "included within the VaPCAT are relevant for all EPT practices. This means that while "
    "practices will respond to all questions in the VaPCAT, smaller practices and clinics "
    "are more likely to have gaps in items with an asterisk and may not choose to "
    "prioritize these items for capability-building work reflected in the action plan."
)
ACE_FOOTNOTE = (
    "An ACE is a provider-led entity that enables primary care practices to take "
    "accountability for total cost of care and quality under value-based payment "
    "arrangements, while providing shared infrastructure (e.g., analytics, care management, "
    "contracting support) to help practices succeed."
)

SECTION_B_INTRO = (
    "The gap analysis enables EPT practices to use the results from the VaPCAT to identify "
    "areas where capabilities may not be fully built out. Identifying and prioritizing these "
    "areas can improve readiness to participate in VBP arrangements. Some capabilities may "
    "be built internally, and others may be accessed through external organizations such as "
    "a Medi-Cal managed care plan (MCP), a backbone organization (e.g., accountable care "
    "organization), an Independent Practice Association (IPA), or a Health Center "
    "Controlled Network (HCCN)."
)
APPENDIX_1_TITLE = "Appendix 1. Foundation Capabilities For VBP Readiness"
APPENDIX_1_INTRO = (
    "Appendix 1 is intended to aid EPT practices in understanding foundational capabilities "
    "that support VBP readiness as well as identifying improvements to their current state."
)
APPENDIX_1_SOURCES = (
    "Examples are sourced from “Building Bridges to Value: Infrastructure Essentials for "
    "Community Health Centers” and the EPT February 2026 Value Based Payment Learning "
    "Community."
)

SECTION_C_HEADING = "C. Develop an Action Plan to Improve Readiness for VBP"
SECTION_C_INTRO = (
    "The action plan describes what will be involved in improving the three capabilities "
    "practices identified in the gap analysis. This section also describes the planning "
    "activities practices engaged in to develop the plan."
)
# Each component of the action-plan table, its definition as the template gives it.
COMPONENTS = {
    "goals": (
        "Briefly describe the capability you want to build or refine and how this will "
        "improve your success with participating in a VBP model."
    ),
    "activities": (
        "List a minimum of 3 steps your practice will engage in to build, refine or contract "
        "for this capability. For each activity, indicate the month/year you expect to "
        "complete the activity."
    ),
    "key_decisions": (
        "Describe at least two key decisions you expect your practice will need to make to "
        "make progress on your improvement opportunity (e.g., building internally vs. "
        "working with a partner; allocating reserve funds; defining performance benchmarks)."
    ),
    "structural_changes": (
        "Describe at least one structural change you expect you’ll need to make (e.g., "
        "governance, staffing, contracting, workflow redesign)."
    ),
    "indicators": (
        "For each improvement opportunity, provide at least 1 specific and measurable "
        "indicator of progress you will use."
    ),
}
STAFFING_QUESTIONS = (
    "Which staff will be responsible for managing this process?",
    "What other key staff will be involved?",
)
LEADERSHIP_QUESTIONS = (
    "How will you engage leadership?",
    "What do you need from leadership to be successful?",
)
RISK_QUESTIONS = (
    "1. Identify the two most likely implementation risks and describe why you think you "
    "are likely to encounter them.",
    "2. For each risk, provide at least one mitigation strategy.",
)

# The names the ``template_words`` tag knows.
WORDS = {
    "milestone_description": MILESTONE_DESCRIPTION,
    "milestone_intent": MILESTONE_INTENT,
    "not_required": NOT_REQUIRED,
    "asterisk_rule": ASTERISK_RULE,
    "ace_footnote": ACE_FOOTNOTE,
    "section_b_intro": SECTION_B_INTRO,
    "appendix_1_title": APPENDIX_1_TITLE,
    "appendix_1_intro": APPENDIX_1_INTRO,
    "appendix_1_sources": APPENDIX_1_SOURCES,
    "section_c_heading": SECTION_C_HEADING,
    "section_c_intro": SECTION_C_INTRO,
    "goals": COMPONENTS["goals"],
    "activities": COMPONENTS["activities"],
    "key_decisions": COMPONENTS["key_decisions"],
    "structural_changes": COMPONENTS["structural_changes"],
    "indicators": COMPONENTS["indicators"],
    "risk_question_1": RISK_QUESTIONS[0],
    "risk_question_2": RISK_QUESTIONS[1],
}
