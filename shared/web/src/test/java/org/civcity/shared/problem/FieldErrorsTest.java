package org.civcity.shared.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** Violations are named as the JSON client wrote them, never with Java's method, parameter or container nodes. */
class FieldErrorsTest {

    record Evidence(@NotBlank String url) {
    }

    record Finding(@NotBlank String siteName, @Size(max = 1) List<@NotNull @Valid Evidence> evidence) {
    }

    /** A resource method as JAX-RS validates it. */
    public static class Resource {
        public void report(@Valid @NotNull Finding body, @NotBlank String key) {
        }
    }

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void beanFieldsListElementsAndNestedFieldsHaveTheirJsonNames() {
        Finding finding = new Finding(" ", Arrays.asList(new Evidence(""), null));
        List<Problem.FieldError> errors = FieldErrors.of(VALIDATOR.validate(finding));
        assertEquals(List.of("evidence", "evidence[0].url", "evidence[1]", "siteName"),
                errors.stream().map(Problem.FieldError::field).toList(), "sorted by field");
    }

    @Test
    void methodParametersDropTheMethodAndAreNamedByTheirParameter() throws Exception {
        var method = Resource.class.getMethod("report", Finding.class, String.class);
        var violations = VALIDATOR.forExecutables().validateParameters(new Resource(), method,
                new Object[] {new Finding(null, List.of()), ""});
        assertEquals(List.of("key", "siteName"),
                FieldErrors.of(violations).stream().map(Problem.FieldError::field).toList());
        var missingBody = VALIDATOR.forExecutables().validateParameters(new Resource(), method,
                new Object[] {null, "k"});
        assertEquals("body", FieldErrors.of(missingBody).get(0).field(), "a missing body is named by its parameter");
    }
}
