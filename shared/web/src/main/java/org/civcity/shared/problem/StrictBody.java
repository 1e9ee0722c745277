package org.civcity.shared.problem;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request body type whose unknown fields are refused with a 400 naming them, so a misspelt optional field
 * does not vanish silently (StrictBodies). Events stay tolerant readers: they are not marked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StrictBody {
}
