package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.http.TextRules;
import io.switchboard.devstack.BrowserOrigins;

/** What every Switchboard service answers: identity, health, metrics, API description. */
@QuarkusTest
class ServiceSurfaceTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void browsersOnListedOriginsMayCallItAndOthersAreRefused() {
        BrowserOrigins.assertPolicy(base.toString().replaceAll("/$", ""), "/api/auth/login");
    }

    @Test
    void rootNamesTheServiceAndItsVersion() {
        given().get("/").then().statusCode(200)
                .body("service", equalTo("auth-service"))
                .body("version", equalTo("0.1.0"));
    }

    @Test
    void healthIsUpWhenPostgresIs() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void metricsArePrometheusText() {
        given().get("/api/users/me");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/auth/register"))
                .body(containsString("/api/auth/login"))
                .body(containsString("/api/auth/refresh"))
                .body(containsString("/api/auth/logout"))
                .body(containsString("/api/auth/token"))
                .body(containsString("/api/users/me"))
                .body(containsString("/.well-known/jwks.json"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void openApiShowsWhichCharactersTextFieldsRefuse() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.Login.properties.username.pattern", equalTo(TextRules.LINE))
                .body("components.schemas.Login.properties.password.pattern", equalTo(TextRules.SECRET))
                .body("components.schemas.Register.properties.displayName.pattern", containsString(TextRules.LINE_CHAR))
                .body("paths.'/api/users'.get.parameters.find { it.name == 'q' }.schema.pattern",
                        equalTo(TextRules.LINE));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().get("/no/such/path").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        given().delete("/api/auth/login").then().statusCode(405).body("code", equalTo("method_not_allowed"));
    }
}
