"""Good-practice notes and "who to learn from" in the open-data API, through the league API's
doors (envelope, errors, caching on the public data version, OpenAPI document):
`/api/good-practice/` and `/api/trusts/<ods_code>/learn/`."""

from django.http import HttpRequest
from django.urls import path, reverse

from improvement.models import GoodPracticeNote
from improvement.selectors.learning import learning
from improvement.selectors.notes import public_notes
from league.api import openapi
from league.api import openapi_schemas as s
from league.api.base import public_api
from league.api.links import Links
from league.api.responses import known_params, not_found, paginated
from league.selectors import latest_published_period_of_each_league, public_release
from league.selectors.learning import Example
from trusts.models import Trust

FILTERS = ("metric", "league", "subtype")


def note(n: GoodPracticeNote, link: Links) -> dict:
    return {
        "id": n.pk,
        "title": n.title,
        "summary": n.summary,
        "trust_code": n.trust.ods_code,
        "trust_name": n.trust.name,
        "league": n.trust.league,
        "subtype": n.trust.subtype,
        "metric_ids": [m.metric_id for m in n.metrics.all()],
        "quarters": [p.label for p in n.quarters.all()],
        "contact_role": n.contact_role,
        "approved_at": n.approved_at.isoformat() if n.approved_at else None,
        "url": link.absolute(reverse("improvement:good_practice") + f"#note-{n.pk}"),
    }


@public_api
def notes(request: HttpRequest) -> dict:
    params = known_params(request)
    filters = {name: params[name] for name in FILTERS if name in params}
    link = Links(request)

    def page_url(number: int) -> str:
        kept = {k: v for k, v in params.items() if k in (*FILTERS, "page_size")}
        query = "&".join(f"{k}={v}" for k, v in sorted({**kept, "page": number}.items()))
        return link.absolute(f"{reverse('notes:notes')}?{query}")

    return paginated(params, public_notes(**filters), page_url, lambda n: note(n, link))


def _example(example: Example, link: Links) -> dict:
    return {
        "trust_code": example.trust.ods_code,
        "trust_name": example.trust.name,
        "subtype": example.trust.subtype,
        "same_subtype": example.same_subtype,
        "score": float(example.score),
        "rank": example.rank,
        "improvement": None if example.improvement is None else float(example.improvement),
        "values": [{"period": p.label, "value": v} for p, v in example.history],
        "trust_url": link.api("trust", example.trust.ods_code),
    }


@public_api
def learn(request: HttpRequest, ods_code: str) -> dict:
    trust = Trust.objects.trusts().filter(ods_code=ods_code.upper()).first()
    if trust is None:
        raise not_found(f"No trust with the ODS code “{ods_code}”.")
    period = latest_published_period_of_each_league().get(trust.league)
    release = public_release(period) if period else None
    if release is None:
        raise not_found(f"The trust “{trust.ods_code}” has no published results yet.")
    link = Links(request)
    return {
        "trust_code": trust.ods_code,
        "period": period.label,
        "metrics": [
            {
                "metric_id": item.lesson.metric.metric_id,
                "description": item.lesson.metric.description,
                "score": None if item.lesson.score is None else float(item.lesson.score),
                "values": [{"period": p.label, "value": v} for p, v in item.lesson.history],
                "best": [_example(e, link) for e in item.lesson.best],
                "most_improved": [_example(e, link) for e in item.lesson.most_improved],
                "notes": [note(n, link) for n in item.notes],
            }
            for item in learning(trust, release)
        ],
        "url": link.absolute(reverse("improvement:learn", args=[trust.ods_code])),
    }


note_urls = [path("", notes, name="notes")]
learn_urls = [path("", learn, name="learn")]

_NOTE = s.obj(
    {
        "id": s.INTEGER,
        "title": s.STRING,
        "summary": s.STRING,
        "trust_code": s.STRING,
        "trust_name": s.STRING,
        "league": s.LEAGUE,
        "subtype": s.TEXT_OR_EMPTY,
        "metric_ids": s.array(s.STRING),
        "quarters": s.array(s.STRING),
        "contact_role": s.described(s.STRING, "A role to ask for at the trust, never a person."),
        "approved_at": s.nullable({"type": "string", "format": "date-time"}),
        "url": s.URI,
    },
    "A good-practice note approved by NHS England.",
)
_VALUES = s.array(s.obj({"period": s.STRING, "value": s.nullable({"type": "number"})}))
_EXAMPLE = s.obj(
    {
        "trust_code": s.STRING,
        "trust_name": s.STRING,
        "subtype": s.TEXT_OR_EMPTY,
        "same_subtype": s.BOOLEAN,
        "score": s.described({"type": "number"}, "Its score on the metric, 1.00 (best) to 4.00."),
        "rank": s.nullable(s.INTEGER),
        "improvement": s.described(
            s.nullable({"type": "number"}), "How much its score fell over the quarters shown."
        ),
        "values": _VALUES,
        "trust_url": s.URI,
    }
)
SCHEMAS = {
    "GoodPracticeNote": _NOTE,
    "GoodPracticePage": s.obj(
        {
            "count": s.INTEGER,
            "next": s.nullable(s.URI),
            "previous": s.nullable(s.URI),
            "results": s.array(s.ref("GoodPracticeNote")),
        }
    ),
    "LearnFrom": s.obj(
        {
            "trust_code": s.STRING,
            "period": s.STRING,
            "metrics": s.array(
                s.obj(
                    {
                        "metric_id": s.STRING,
                        "description": s.STRING,
                        "score": {"type": "number"},
                        "values": _VALUES,
                        "best": s.array(_EXAMPLE),
                        "most_improved": s.array(_EXAMPLE),
                        "notes": s.array(s.ref("GoodPracticeNote")),
                    }
                )
            ),
            "url": s.URI,
        },
        "Each metric the trust scores 3.00 or worse on, and whom to learn from.",
    ),
}
PATHS = {
    "/api/good-practice/": openapi._get(
        "good_practice",
        "Approved good-practice notes, paginated",
        "GoodPracticePage",
        [
            openapi._param("metric", "A metric ID, e.g. OF0013.", {"type": "string"}),
            openapi.LEAGUE_FILTER,
            openapi._param("subtype", "A trust subtype, e.g. Acute - Small.", {"type": "string"}),
            openapi.PAGE,
            openapi.PAGE_SIZE,
        ],
    ),
    "/api/trusts/{ods_code}/learn/": openapi._get(
        "learn",
        "Who a trust can learn from, metric by metric, in its latest published quarter",
        "LearnFrom",
        [openapi._param("ods_code", "The trust's ODS code.", {"type": "string"}, "path")],
    ),
}


def register() -> None:
    openapi.openapi_extend(
        paths=PATHS, schemas=SCHEMAS, index_links={"good_practice": "/api/good-practice/"}
    )
