package org.civcity.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Issue #19: every REST Assured call of a service's tests is checked against the OpenAPI document that very service
 * publishes, so the document cannot drift from what the service does. Every response must be one the document
 * declares for the operation, with its media type and schema (nullability included). A request the document calls
 * invalid must be refused: tests send bad requests on purpose, so a request finding counts only when the service
 * answered it with a success. On while {@code civcity.test.openapi-validation} is true (a service turns it on once its
 * document is exact).
 */
public class OpenApiValidation implements QuarkusTestBeforeEachCallback {

    private static volatile Filter filter;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!ConfigProvider.getConfig().getOptionalValue("civcity.test.openapi-validation", Boolean.class)
                .orElse(false)) {
            return;
        }
        if (filter == null) {
            int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class)
                    .orElse(8081);
            filter = new ContractFilter(document(), port);
        }
        if (!RestAssured.filters().contains(filter)) {
            RestAssured.filters(filter);
        }
    }

    /** The running service's document, from its management interface as an integrator would read it. */
    private static String document() {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /q/openapi answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the service's OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails the call when the exchange disagrees with the document. */
    static final class ContractFilter implements Filter {

        private final OpenApiInteractionValidator validator;
        private final int port;

        ContractFilter(String document, int port) {
            this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
            this.port = port;
        }

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            Response answer = context.next(request, response);
            URI uri = URI.create(request.getURI());
            // Only the service's own API: not Keycloak, stand-ins, the management interface or static pages.
            String path = uri.getPath();
            if (uri.getPort() != port || !(path.startsWith("/api/") || path.startsWith("/open311/"))) {
                return answer;
            }
            boolean refused = answer.statusCode() >= 400;
            // The validator reads JSON bodies, not form parameters: a form's fields are checked by the service's tests.
            boolean form = !request.getFormParams().isEmpty()
                    || String.valueOf(request.getContentType()).startsWith("application/x-www-form-urlencoded");
            // REST Assured's auth().oauth2() adds its header while sending, outside the specification the validator
            // reads: put it there, so the document's security requirement is checked against what was sent.
            if (!request.getHeaders().hasHeaderWithName("Authorization")
                    && request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme oauth2) {
                request.header("Authorization", "Bearer " + oauth2.getAccessToken());
            }
            ValidationReport report = validator.validate(RestAssuredRequest.of(request),
                    RestAssuredResponse.of(answer));
            List<ValidationReport.Message> drift = report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .filter(m -> !(refused && m.getKey().startsWith("validation.request")))
                    .filter(m -> !(form && m.getKey().startsWith("validation.request.body")))
                    .toList();
            if (!drift.isEmpty()) {
                throw new AssertionError(request.getMethod() + " " + request.getDerivedPath() + " answered "
                        + answer.statusCode() + ", which the service's OpenAPI document does not describe:\n"
                        + String.join("\n", drift.stream().map(m -> "- " + m.getKey() + ": " + m.getMessage())
                                .toList()));
            }
            return answer;
        }
    }
}
