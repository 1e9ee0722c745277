package org.civcity.shared.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/** Refuses unknown fields in the bodies of {@link StrictBody} types; every other type reads leniently. */
@Singleton
public class StrictBodies implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                    JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
                Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
                if (type.isAnnotationPresent(StrictBody.class)) {
                    throw UnrecognizedPropertyException.from(p, beanOrClass, propertyName,
                            deserializer == null ? null : deserializer.getKnownPropertyNames());
                }
                return false;
            }
        });
    }
}
