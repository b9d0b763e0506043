"""The statutory section 11 standard set (Children Act 2004, s11): the default every deployment needs.

The eight standards follow the statutory guidance; the criteria are the ones partnerships commonly audit
against. Partnerships copy the set to make variants (voluntary sector, schools' s175/s157 audits). The data
migration installs it; `install` takes the model classes so the migration can pass its historical models.
"""

NAME = "Section 11 statutory standards"

STANDARDS = [
    (
        "Senior management commitment to the importance of safeguarding and promoting children's welfare",
        [
            (
                "The agency has a named senior manager (board level or equivalent) accountable for "
                "safeguarding "
                "children.",
                "Name the post, say how the role is set out in the job description and how it reports to "
                "the board.",
                "Job description; board terms of reference; organisational chart.",
            ),
            (
                "There is a designated safeguarding lead with the time, training and authority to carry out "
                "the "
                "role.",
                "Cover deputies and out-of-hours arrangements, and how staff know who the lead is.",
                "Role profile; training record of the lead; staff intranet page.",
            ),
            (
                "The board or senior leadership team receives a safeguarding report at least once a year.",
                "Say what the report covers and what the board did as a result.",
                "Latest annual safeguarding report; board minutes showing discussion and decisions.",
            ),
            (
                "Safeguarding is reflected in the agency's strategic plans and risk register.",
                "Show where children's safeguarding appears and how risks are reviewed.",
                "Strategic or business plan extract; risk register entries.",
            ),
            (
                "The agency contributes to the partnership's work and acts on its priorities.",
                "Cover attendance at partnership meetings, sub-groups and funding commitments.",
                "Attendance records; partnership priorities mapped to agency actions.",
            ),
        ],
    ),
    (
        "A clear statement of the agency's responsibilities towards children, available to all staff",
        [
            (
                "A safeguarding children policy sets out the agency's responsibilities and is reviewed at "
                "least "
                "every 3 years.",
                "Give the approval and review dates and how changes in national guidance are picked up.",
                "Current policy with version history.",
            ),
            (
                "Procedures tell staff how to recognise and report concerns about a child, including out of "
                "hours.",
                "Say how the procedures align with the partnership's multi-agency procedures.",
                "Procedures; referral pathway or flowchart.",
            ),
            (
                "All staff and volunteers know how to find the policy and procedures.",
                "Explain induction and how staff are told about updates.",
                "Induction checklist; staff survey results; intranet analytics.",
            ),
            (
                "Contracts and commissioning arrangements require commissioned services to meet the same "
                "standards.",
                "Cover how compliance is monitored in contract management.",
                "Contract clauses; contract monitoring reports.",
            ),
        ],
    ),
    (
        "A clear line of accountability for the provision of services designed to safeguard children",
        [
            (
                "Lines of accountability for safeguarding run from front-line staff to the board and are "
                "known "
                "to staff.",
                "Describe the reporting line and how it is communicated.",
                "Governance structure; safeguarding committee terms of reference.",
            ),
            (
                "Staff in contact with children receive safeguarding supervision appropriate to their role.",
                "Say how often, by whom, and how supervision is recorded and audited.",
                "Supervision policy; supervision audit results.",
            ),
            (
                "The agency audits the quality of its safeguarding practice and acts on the findings.",
                "Cover single-agency audits in the last two years and what changed.",
                "Audit programme; audit reports; resulting action plans.",
            ),
            (
                "Learning from case reviews (local and national) is disseminated and its impact checked.",
                "Give examples of learning embedded in practice.",
                "Briefings; training updates; re-audit results.",
            ),
            (
                "Complaints and whistleblowing procedures are known and used to improve safeguarding.",
                "Explain how children and families can complain and how staff raise concerns.",
                "Complaints and whistleblowing policies; themes from complaints.",
            ),
        ],
    ),
    (
        "Service development takes account of the need to safeguard and promote children's welfare, "
        "informed by "
        "their views and those of their families",
        [
            (
                "Safeguarding is considered when services are planned, changed or commissioned.",
                "Describe the impact assessment used and give a recent example.",
                "Equality and safeguarding impact assessments; project documents.",
            ),
            (
                "The views of children and families are sought and used to shape services.",
                "Give examples of what children said and what changed as a result.",
                "Participation records; 'you said, we did' reports.",
            ),
            (
                "Services are accessible to children and families, including those with additional needs.",
                "Cover interpreting, disability access and outreach to under-served groups.",
                "Accessibility audit; service data by group.",
            ),
            (
                "Data about the children the agency serves is used to plan and improve safeguarding.",
                "Say which data is reported and to whom.",
                "Performance dashboards; data reports to the board.",
            ),
        ],
    ),
    (
        "Training on safeguarding for all staff working with or in contact with children and families",
        [
            (
                "All staff receive safeguarding training at induction, at a level suited to their role.",
                "Set out the levels used (for example the intercollegiate levels in health).",
                "Training needs analysis; induction programme.",
            ),
            (
                "Training is refreshed at set intervals and compliance is monitored.",
                "Give the current compliance rate by staff group and the target.",
                "Training compliance report.",
            ),
            (
                "Staff attend the partnership's multi-agency training where their role requires it.",
                "Say how staff are identified for multi-agency training.",
                "Multi-agency training attendance records.",
            ),
            (
                "The impact of training on practice is evaluated.",
                "Describe how you know training changed practice, not just attendance.",
                "Evaluation reports; follow-up surveys; audit findings.",
            ),
        ],
    ),
    (
        "Safer recruitment and vetting procedures, including managing allegations against staff",
        [
            (
                "Safer recruitment practice is followed for all posts working with children.",
                "Cover trained recruiters on panels, references and identity checks.",
                "Safer recruitment policy; recruiter training records.",
            ),
            (
                "Disclosure and Barring Service checks are carried out at the right level and renewed as "
                "policy "
                "requires.",
                "Say how checks are tracked, including for volunteers and agency staff.",
                "DBS policy; DBS tracking report.",
            ),
            (
                "There is a procedure for managing allegations against people who work with children, with a "
                "named senior officer.",
                "Explain referral to the Local Authority Designated Officer (LADO) and record keeping.",
                "Allegations procedure; LADO referral log (numbers only).",
            ),
            (
                "Staff know how to raise concerns about a colleague's conduct.",
                "Cover whistleblowing and the code of conduct.",
                "Code of conduct; staff awareness survey.",
            ),
        ],
    ),
    (
        "Effective inter-agency working to safeguard and promote the welfare of children",
        [
            (
                "The agency is represented at the right level at the partnership and its sub-groups.",
                "Give attendance over the last year and who attends.",
                "Attendance records.",
            ),
            (
                "Staff contribute to child protection conferences, core groups and strategy discussions.",
                "Cover attendance and reports provided on time.",
                "Conference attendance and report timeliness data.",
            ),
            (
                "The agency follows the partnership's escalation (resolving professional differences) "
                "procedure.",
                "Give examples of escalations raised or received and how they were resolved.",
                "Escalation log; examples (anonymised).",
            ),
            (
                "The agency contributes fully to rapid reviews, case reviews and multi-agency audits.",
                "Say how information is provided on time and learning is taken back.",
                "Review contribution records; action plan updates.",
            ),
            (
                "The agency applies the partnership's threshold document when referring children.",
                "Explain how staff are trained on thresholds and how referral quality is checked.",
                "Threshold training records; referral audit results.",
            ),
        ],
    ),
    (
        "Information sharing",
        [
            (
                "Staff understand when and how to share information to safeguard children, including without "
                "consent.",
                "Refer to the national information sharing advice and your own guidance.",
                "Information sharing guidance; training content.",
            ),
            (
                "Information sharing agreements are in place with partner agencies where needed.",
                "List the agreements and when they were last reviewed.",
                "Signed information sharing agreements.",
            ),
            (
                "Records of safeguarding concerns are accurate, timely and kept securely.",
                "Cover recording standards and record audits.",
                "Recording policy; record audit results.",
            ),
            (
                "Information is shared promptly in response to requests from the multi-agency safeguarding "
                "hub.",
                "Give response-time data.",
                "MASH response-time report.",
            ),
        ],
    ),
]


def install(StandardSet, Standard, Criterion):  # noqa: N803 - model classes, historical or real
    """Create the statutory set unless it exists; return it."""
    existing = StandardSet.objects.filter(partnership__isnull=True, name=NAME).first()
    if existing is not None:
        return existing
    standard_set = StandardSet.objects.create(
        name=NAME,
        description="The eight standards of section 11 of the Children Act 2004, with the criteria most "
        "partnerships audit against. Copy it to make a variant.",
    )
    for number, (title, criteria) in enumerate(STANDARDS, start=1):
        standard = Standard.objects.create(standard_set=standard_set, number=number, title=title)
        Criterion.objects.bulk_create(
            Criterion(
                standard=standard,
                standard_set=standard_set,
                number=index,
                text=text,
                guidance=guidance,
                expected_evidence=evidence,
            )
            for index, (text, guidance, evidence) in enumerate(criteria, start=1)
        )
    return standard_set
