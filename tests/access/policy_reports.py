from tests.access.policies import NONE, Case, foreign, own, public

READERS = frozenset({"chair", "scrutineer", "lead_partner", "delegated_partner", "manager", "board"})
EDITORS = frozenset({"chair", "manager"})


def section(w) -> dict:
    def report_pages(name, *, get=NONE, post=None, read=READERS, extra=None):
        own_kwargs = {"public_id": w.report_home.public_id, **(extra(w.report_home, "home") if extra else {})}
        other_kwargs = {
            "public_id": w.report_other.public_id,
            **(extra(w.report_other, "other") if extra else {}),
        }
        return [
            own(kwargs=own_kwargs, get=get, post=post, read=read),
            foreign(kwargs=other_kwargs, get=get, post=post, read=read),
        ]

    def section_kwargs(report, which):
        return {"pk": (w.section_home if which == "home" else w.section_other).pk}

    def version_kwargs(report, which):
        return {"number": 1}

    return {
        "reports:list": [own(get=READERS)],
        "reports:create": [own(get=EDITORS, post=EDITORS, read=READERS)],
        "reports:detail": report_pages("detail", get=READERS),
        "reports:preview": report_pages("preview", get=READERS),
        "reports:section_edit": report_pages("section", get=EDITORS, post=EDITORS, extra=section_kwargs),
        "reports:section_move": report_pages("move", get=None, post=EDITORS, extra=section_kwargs),
        "reports:generate": report_pages("generate", get=None, post=EDITORS),
        "reports:record_sent": report_pages("sent", get=None, post=EDITORS),
        "reports:version_download": report_pages("download", get=READERS, extra=version_kwargs),
        "reports:version_sign": report_pages(
            "sign", get=None, post=frozenset({"lead_partner"}), extra=version_kwargs
        ),
        "reports:version_publish": report_pages(
            "publish", get=None, post=frozenset({"chair"}), extra=version_kwargs
        ),
        "reports:job_status": [
            own(kwargs={"public_id": w.job_home.public_id}, get=READERS),
            foreign(kwargs={"public_id": w.job_other.public_id}, get=READERS),
        ],
        "reports:job_retry": [
            own(kwargs={"public_id": w.job_home.public_id}, get=None, post=EDITORS, read=READERS),
            foreign(kwargs={"public_id": w.job_other.public_id}, get=None, post=EDITORS, read=READERS),
        ],
        "public:partnership": [
            public(kwargs={"slug": w.home.slug}),
            Case("unknown partnership", {"slug": "no-such-partnership"}, get=NONE, public=True),
        ],
        "public:report": [
            public(kwargs={"slug": w.home.slug, "public_id": w.published_home.public_id}),
            Case(
                "unpublished",
                {"slug": w.home.slug, "public_id": w.report_home.public_id},
                get=NONE,
                public=True,
            ),
            Case(
                "wrong partnership",
                {"slug": w.other.slug, "public_id": w.published_home.public_id},
                get=NONE,
                public=True,
            ),
        ],
        "public:report_pdf": [
            public(kwargs={"slug": w.home.slug, "public_id": w.published_home.public_id}),
            Case(
                "unpublished",
                {"slug": w.home.slug, "public_id": w.report_home.public_id},
                get=NONE,
                public=True,
            ),
        ],
    }
