package org.civcity.shared.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes every service's OpenAPI document say what the service does (issue #19), for what the shared code does the
 * same everywhere: every error answer is problem+json; an operation with a body may answer 400, 413 (over the body
 * limit) and 415, one with parameters 400, one with a path parameter 404, every one 503 (a dependency down, with
 * Retry-After); a public operation says so with an empty security requirement; a property that is not required may
 * be null, as the services serialize it. Paths under {@code civcity.openapi.foreign-error-paths} follow another
 * standard's errors (Open311) and declare their answers themselves, except the platform's 401 and 403.
 */
public class OpenApiContract implements OASFilter {

    private static final String PROBLEM = "application/problem+json";
    private static final String LOCAL_SERVER = "This service as ./run.sh and docker-compose.yml start it on a"
            + " developer's machine; a deployment serves the same paths under its own address";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        List<String> foreign = ConfigProvider.getConfig().getOptionalValues("civcity.openapi.foreign-error-paths",
                String.class).orElse(List.of());
        if (openApi.getPaths() != null && openApi.getPaths().getPathItems() != null) {
            openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                    .forEach(operation -> {
                        if (foreign.stream().anyMatch(path::startsWith)) {
                            publicIfUnsecured(operation);
                            if (operation.getResponses() != null) {
                                problemsWithoutBody(operation.getResponses());
                            }
                        } else {
                            complete(path, operation);
                        }
                    }));
        }
        if (openApi.getServers() != null) {
            openApi.getServers().stream()
                    .filter(server -> server.getDescription() == null || server.getDescription().startsWith("Auto"))
                    .forEach(server -> server.setDescription(LOCAL_SERVER));
        }
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().values().forEach(OpenApiContract::nullableUnlessRequired);
            Schema problem = openApi.getComponents().getSchemas().get("Problem");
            if (problem != null) {
                // RFC 9457 extension members, e.g. existingFindingId on a 409.
                problem.setAdditionalPropertiesSchema(OASFactory.createSchema().booleanSchema(true));
            }
        }
    }

    private static void complete(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (operation.getRequestBody() != null) {
            add(responses, "400", "Invalid request: every invalid field is listed in errors");
            add(responses, "413", "The body is larger than the service accepts");
            add(responses, "415", "The body is not of a media type this operation reads");
        }
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            add(responses, "400", "Invalid request: every invalid parameter is listed in errors");
        }
        if (path.contains("{")) {
            add(responses, "404", "Nothing at this address, or nothing the caller may see");
        }
        add(responses, "503", "A dependency (database, broker) is unavailable; try again after Retry-After seconds");
        publicIfUnsecured(operation);
        problemsWithoutBody(responses);
    }

    /** Error answers declared without a body (401 and 403, added for security) are the platform's problem+json. */
    private static void problemsWithoutBody(APIResponses responses) {
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().compareTo("400") >= 0 && response.getValue().getRef() == null
                    && (response.getValue().getContent() == null
                            || response.getValue().getContent().getMediaTypes().isEmpty())) {
                response.getValue().setContent(problem());
            }
        }
    }

    private static void publicIfUnsecured(Operation operation) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            // Public: an explicit empty requirement, so a reader knows it was meant.
            operation.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement())));
        }
    }

    private static void add(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                    .content(problem()));
        }
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(PROBLEM, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("Problem")));
    }

    /** A property outside {@code required} is serialized as null when it has no value. */
    private static void nullableUnlessRequired(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
            if (required.contains(property.getKey())) {
                continue;
            }
            Schema p = property.getValue();
            if (p.getRef() != null || p.getAllOf() != null) {
                Schema nullable = OASFactory.createSchema().addAnyOf(p.getRef() != null
                        ? OASFactory.createSchema().ref(p.getRef()) : OASFactory.createSchema().allOf(p.getAllOf()))
                        .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
                nullable.setDescription(p.getDescription());
                schema.addProperty(property.getKey(), nullable);
            } else if (p.getType() != null && !p.getType().contains(Schema.SchemaType.NULL)) {
                p.addType(Schema.SchemaType.NULL);
            }
        }
    }
}
