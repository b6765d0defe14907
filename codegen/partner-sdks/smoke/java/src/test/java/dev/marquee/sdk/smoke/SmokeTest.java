package dev.marquee.sdk.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.sdk.audience.api.QueriesApi;
import dev.marquee.sdk.audience.model.AudienceQuery;
import dev.marquee.sdk.audience.model.Condition;
import dev.marquee.sdk.audience.model.ConditionValue;
import dev.marquee.sdk.audience.model.CountResult;
import dev.marquee.sdk.audience.model.Expression;
import dev.marquee.sdk.audience.model.Problem;
import dev.marquee.sdk.audience.model.QueryField;
import dev.marquee.sdk.audience.model.QueryOperator;
import dev.marquee.sdk.catalog.api.FilmsApi;
import dev.marquee.sdk.catalog.model.Film;
import dev.marquee.sdk.catalog.model.FilmCreate;
import dev.marquee.sdk.catalog.model.FilmPage;
import dev.marquee.sdk.catalog.model.Rating;
import com.google.gson.JsonParser;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Smoke test of the generated Java SDKs; environment as in smoke/python/test_smoke.py. */
class SmokeTest {
  private static String env(String name) {
    String value = System.getenv(name);
    assertNotNull(value, name + " is not set; run through test/sdk/partner-sdks.test.ts");
    return value;
  }

  private static FilmsApi films() {
    var client = new dev.marquee.sdk.catalog.ApiClient().setBasePath(env("MARQUEE_CATALOG_URL"));
    String token = System.getenv("MARQUEE_TOKEN");
    if (token != null && !token.isEmpty()) {
      client.addDefaultHeader("Authorization", "Bearer " + token);
    }
    return new FilmsApi(client);
  }

  private static QueriesApi queries() {
    var client = new dev.marquee.sdk.audience.ApiClient().setBasePath(env("MARQUEE_AUDIENCE_URL"));
    String token = System.getenv("MARQUEE_TOKEN");
    if (token != null && !token.isEmpty()) {
      client.addDefaultHeader("Authorization", "Bearer " + token);
    }
    return new QueriesApi(client);
  }

  private static AudienceQuery where(QueryField field, QueryOperator op, String value) {
    Condition condition = new Condition().field(field).op(op).value(new ConditionValue(value));
    return new AudienceQuery().where(new Expression(condition));
  }

  @Test
  void listsFilms() throws Exception {
    FilmPage page = films().listFilms(null, null, null, null, null, 2, null);
    assertTrue(page.getItems().size() >= 1 && page.getItems().size() <= 2, "1..2 films");
    // nextCursor is required and nullable: set here, since the seeded catalog has more than two films.
    assertNotNull(page.getNextCursor());
  }

  @Test
  void createsAFilmAndReadsItBack() throws Exception {
    String title = "Partner SDK smoke " + UUID.randomUUID();
    FilmCreate body = new FilmCreate().title(title).releaseDate(LocalDate.parse("2026-10-30"))
        .runtimeMinutes(104).rating(Rating.R).genres(new LinkedHashSet<>(List.of("horror", "thriller")));
    Film created = films().createFilm(body);
    Film read = films().getFilm(created.getId());
    assertEquals(created.getId(), read.getId());
    assertEquals(title, read.getTitle());
    assertEquals(LocalDate.parse("2026-10-30"), read.getReleaseDate());
    assertEquals(List.of("horror", "thriller"), read.getGenres());
  }

  @Test
  void aBadQueryIsA400WithProblemDetails() throws Exception {
    // Valid for the schema (so the SDK sends it) but not for the service: age takes no 'prefix'.
    AudienceQuery bad = where(QueryField.AGE, QueryOperator.PREFIX, "2");
    var error = assertThrows(dev.marquee.sdk.audience.ApiException.class, () -> queries().countAudience(bad));
    assertEquals(400, error.getCode());
    assertTrue(error.getResponseHeaders().get("content-type").get(0).startsWith("application/problem+json"));
    Problem problem = error.getProblem();
    assertNotNull(problem, "getProblem() parses the problem+json body");
    assertEquals(400, problem.getStatus());
    assertEquals("https://marquee.dev/problems/validation", problem.getType());
    assertEquals(1, problem.getErrors().size());
    assertEquals("body", problem.getErrors().get(0).getLocation().getValue());
    assertEquals("/where/op", problem.getErrors().get(0).getPointer());
  }

  @Test
  void countsAnAudienceWithTheDsl() throws Exception {
    CountResult result = queries().countAudience(where(QueryField.REGION, QueryOperator.EQ, "CA-ON"));
    assertEquals(Integer.parseInt(env("MARQUEE_EXPECTED_ONTARIO")), result.getCount());
    assertTrue(result.getTookMs() >= 0);
  }

  private static final String NEWER_FILM = "{\"id\": \"0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10\", \"title\": \"T\", \"releaseDate\": \"2026-10-30\","
      + " \"runtimeMinutes\": 90, \"rating\": \"R\", \"genres\": [], \"createdAt\": \"2026-11-01T10:00:00Z\","
      + " \"updatedAt\": \"2026-11-01T10:00:00Z\", \"posterUrl\": \"https://example.test/p.jpg\"}";
  private static final String NESTED_QUERY = "{\"where\": {\"and\": [{\"field\": \"age\", \"op\": \"between\", \"value\": [25, 34]},"
      + " {\"not\": {\"field\": \"region\", \"op\": \"in\", \"value\": [\"CA-QC\", \"CA-NB\"]}}]}}";

  @Test
  void modelsReadANewerResponseAndRoundTripANestedQuery() throws Exception {
    // A field added by a later minor version of the service is kept, not refused.
    Film film = Film.fromJson(NEWER_FILM);
    assertEquals("T", film.getTitle());
    assertEquals("https://example.test/p.jpg", film.getAdditionalProperty("posterUrl"));
    // oneOf without a discriminator (Expression, ConditionValue) survives JSON both ways.
    String out = AudienceQuery.fromJson(NESTED_QUERY).toJson();
    assertEquals(JsonParser.parseString(NESTED_QUERY), JsonParser.parseString(out), out);
  }
}
