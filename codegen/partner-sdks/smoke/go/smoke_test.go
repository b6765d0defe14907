// Smoke test of the generated Go SDKs against live catalog and audience services.
// Environment: see codegen/partner-sdks/smoke/python/test_smoke.py (the same variables).
package smoke

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"marquee.dev/sdk-go/audience"
	"marquee.dev/sdk-go/catalog"
)

func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set; run through test/sdk/partner-sdks.test.ts", name)
	}
	return v
}

// headers carries the optional bearer token on every request.
func headers() map[string]string {
	h := map[string]string{}
	if token := os.Getenv("MARQUEE_TOKEN"); token != "" {
		h["Authorization"] = "Bearer " + token
	}
	return h
}

func catalogClient(t *testing.T) *catalog.APIClient {
	cfg := catalog.NewConfiguration()
	cfg.Servers = catalog.ServerConfigurations{{URL: env(t, "MARQUEE_CATALOG_URL")}}
	cfg.DefaultHeader = headers()
	return catalog.NewAPIClient(cfg)
}

func audienceClient(t *testing.T) *audience.APIClient {
	cfg := audience.NewConfiguration()
	cfg.Servers = audience.ServerConfigurations{{URL: env(t, "MARQUEE_AUDIENCE_URL")}}
	cfg.DefaultHeader = headers()
	return audience.NewAPIClient(cfg)
}

func TestListsFilms(t *testing.T) {
	page, _, err := catalogClient(t).FilmsAPI.ListFilms(context.Background()).Limit(2).Execute()
	if err != nil {
		t.Fatalf("listFilms: %v", err)
	}
	if n := len(page.Items); n < 1 || n > 2 {
		t.Fatalf("want 1..2 films, got %d", n)
	}
	// nextCursor is required and nullable: set here, since the seeded catalog has more than two films.
	if !page.NextCursor.IsSet() || page.NextCursor.Get() == nil {
		t.Fatalf("want a next cursor, got none")
	}
}

func TestCreatesAFilmAndReadsItBack(t *testing.T) {
	api := catalogClient(t).FilmsAPI
	title := fmt.Sprintf("Partner SDK smoke %d", time.Now().UnixNano())
	body := catalog.NewFilmCreate(title, "2026-10-30", 104, catalog.RATING_R, []string{"horror", "thriller"})
	created, resp, err := api.CreateFilm(context.Background()).FilmCreate(*body).Execute()
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("createFilm: %v (status %v)", err, resp)
	}
	read, _, err := api.GetFilm(context.Background(), created.Id).Execute()
	if err != nil {
		t.Fatalf("getFilm: %v", err)
	}
	if read.Id != created.Id || read.Title != title || read.ReleaseDate != "2026-10-30" || strings.Join(read.Genres, ",") != "horror,thriller" {
		t.Fatalf("read back %+v, created %+v", read, created)
	}
}

func TestABadQueryIsA400WithProblemDetails(t *testing.T) {
	// Valid for the schema (so the SDK sends it) but not for the service: age takes no 'prefix'.
	cond := audience.NewCondition(audience.QUERYFIELD_AGE, audience.QUERYOPERATOR_PREFIX)
	two := "2"
	cond.SetValue(audience.StringAsConditionValue(&two))
	query := audience.AudienceQuery{Where: ptr(audience.ConditionAsExpression(cond))}
	_, resp, err := audienceClient(t).QueriesAPI.CountAudience(context.Background()).
		AudienceQuery(query).Execute()
	var apiErr *audience.GenericOpenAPIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want a GenericOpenAPIError, got %v", err)
	}
	problem, ok := apiErr.Model().(audience.Problem)
	if !ok {
		t.Fatalf("want a Problem model, got %T (body %s)", apiErr.Model(), apiErr.Body())
	}
	if resp.StatusCode != 400 || problem.Status != 400 || problem.Type != "https://marquee.dev/problems/validation" {
		t.Fatalf("want a 400 validation problem, got %d %+v", resp.StatusCode, problem)
	}
	if len(problem.Errors) != 1 || problem.Errors[0].Location != "body" || problem.Errors[0].Pointer != "/where/op" {
		t.Fatalf("want one error at body /where/op, got %+v", problem.Errors)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("want problem+json, got %q", ct)
	}
}

func TestCountsAnAudienceWithTheDSL(t *testing.T) {
	cond := audience.NewCondition(audience.QUERYFIELD_REGION, audience.QUERYOPERATOR_EQ)
	ontario := "CA-ON"
	cond.SetValue(audience.StringAsConditionValue(&ontario))
	query := audience.AudienceQuery{Where: ptr(audience.ConditionAsExpression(cond))}
	result, _, err := audienceClient(t).QueriesAPI.CountAudience(context.Background()).
		AudienceQuery(query).Execute()
	if err != nil {
		t.Fatalf("countAudience: %v", err)
	}
	want, _ := strconv.Atoi(env(t, "MARQUEE_EXPECTED_ONTARIO"))
	if int(result.Count) != want || result.TookMs < 0 {
		t.Fatalf("want count %d, got %+v", want, result)
	}
}

const newerFilm = `{"id": "0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10", "title": "T", "releaseDate": "2026-10-30", "runtimeMinutes": 90,
 "rating": "R", "genres": [], "createdAt": "2026-11-01T10:00:00Z", "updatedAt": "2026-11-01T10:00:00Z",
 "posterUrl": "https://example.test/p.jpg"}`

const nestedQuery = `{"where": {"and": [{"field": "age", "op": "between", "value": [25, 34]},
 {"not": {"field": "region", "op": "in", "value": ["CA-QC", "CA-NB"]}}]}}`

func TestModelsReadANewerResponseAndRoundTripANestedQuery(t *testing.T) {
	// A field added by a later minor version of the service is kept, not refused.
	var film catalog.Film
	if err := json.Unmarshal([]byte(newerFilm), &film); err != nil || film.Title != "T" || film.AdditionalProperties["posterUrl"] != "https://example.test/p.jpg" {
		t.Fatalf("newer film: %v %+v", err, film)
	}
	// oneOf without a discriminator (Expression, ConditionValue) survives JSON both ways.
	var query audience.AudienceQuery
	if err := json.Unmarshal([]byte(nestedQuery), &query); err != nil {
		t.Fatalf("nested query: %v", err)
	}
	out, err := json.Marshal(query)
	var got, want any
	_ = json.Unmarshal(out, &got)
	_ = json.Unmarshal([]byte(nestedQuery), &want)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip: %v\n got %s", err, out)
	}
}

func ptr[T any](v T) *T { return &v }
