"""Smoke test of the generated Python SDKs against live catalog and audience services.

Environment (set by test/sdk/partner-sdks.test.ts):
  MARQUEE_CATALOG_URL, MARQUEE_AUDIENCE_URL  base URLs of the running services
  MARQUEE_TENANT                             tenant whose profiles were indexed for the test (informational)
  MARQUEE_EXPECTED_ONTARIO                   how many of them live in CA-ON
  MARQUEE_TOKEN                              bearer token, sent when set; its `tenant` claim scopes every query
"""
import json
import os
import uuid

import pytest

import marquee_audience
import marquee_catalog
from marquee_audience.models import AudienceQuery, Condition, ConditionValue, Expression
from marquee_catalog.models import Film, FilmCreate, Rating


def _configure(client, url):
    client.configuration.host = url
    token = os.environ.get("MARQUEE_TOKEN")
    if token:
        client.default_headers["Authorization"] = f"Bearer {token}"
    return client


@pytest.fixture(scope="module")
def films():
    client = marquee_catalog.ApiClient(marquee_catalog.Configuration(host=os.environ["MARQUEE_CATALOG_URL"]))
    return marquee_catalog.FilmsApi(_configure(client, os.environ["MARQUEE_CATALOG_URL"]))


@pytest.fixture(scope="module")
def queries():
    client = marquee_audience.ApiClient(marquee_audience.Configuration(host=os.environ["MARQUEE_AUDIENCE_URL"]))
    return marquee_audience.QueriesApi(_configure(client, os.environ["MARQUEE_AUDIENCE_URL"]))




def test_lists_films_with_a_typed_page(films):
    page = films.list_films(limit=2)
    assert 1 <= len(page.items) <= 2
    assert all(isinstance(f.id, uuid.UUID) for f in page.items)
    # nextCursor is required and nullable: a string here, since the seeded catalog has more than two films.
    assert isinstance(page.next_cursor, str)


def test_creates_a_film_and_reads_it_back(films):
    title = f"Partner SDK smoke {uuid.uuid4()}"
    created = films.create_film(FilmCreate(
        title=title, release_date="2026-10-30", runtime_minutes=104, rating=Rating.R, genres=["horror", "thriller"],
    ))
    assert created.title == title
    read = films.get_film(created.id)
    assert read.id == created.id
    assert read.title == title
    assert read.genres == ["horror", "thriller"]
    assert str(read.release_date) == "2026-10-30"


def test_a_bad_query_is_a_400_with_problem_details(queries):
    # Valid for the schema (so the SDK sends it) but not for the service: age takes no 'prefix'.
    bad = AudienceQuery(where=Expression(Condition(field="age", op="prefix", value=ConditionValue("2"))))
    with pytest.raises(marquee_audience.exceptions.BadRequestException) as caught:
        queries.count_audience(bad)
    problem = caught.value.data
    assert isinstance(problem, marquee_audience.models.Problem)
    assert problem.status == 400
    assert problem.type == "https://marquee.dev/problems/validation"
    assert [(e.location, e.pointer) for e in problem.errors] == [("body", "/where/op")]
    assert caught.value.headers["content-type"].startswith("application/problem+json")


def test_counts_an_audience_with_the_dsl(queries):
    ontario = AudienceQuery(where=Expression(Condition(field="region", op="eq", value=ConditionValue("CA-ON"))))
    result = queries.count_audience(ontario)
    assert result.count == int(os.environ["MARQUEE_EXPECTED_ONTARIO"])
    assert result.took_ms >= 0


NEWER_FILM = ('{"id": "0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10", "title": "T", "releaseDate": "2026-10-30", "runtimeMinutes": 90,'
              ' "rating": "R", "genres": [], "createdAt": "2026-11-01T10:00:00Z", "updatedAt": "2026-11-01T10:00:00Z",'
              ' "posterUrl": "https://example.test/p.jpg"}')
NESTED_QUERY = {"where": {"and": [{"field": "age", "op": "between", "value": [25, 34]},
                                  {"not": {"field": "region", "op": "in", "value": ["CA-QC", "CA-NB"]}}]}}


def test_models_read_a_newer_response_and_round_trip_a_nested_query():
    # A field added by a later minor version of the service is kept, not refused.
    film = Film.from_json(NEWER_FILM)
    assert film.title == "T"
    assert film.additional_properties == {"posterUrl": "https://example.test/p.jpg"}
    # oneOf without a discriminator (Expression, ConditionValue) survives JSON both ways.
    assert json.loads(AudienceQuery.from_json(json.dumps(NESTED_QUERY)).to_json()) == NESTED_QUERY
