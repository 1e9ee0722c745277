package org.civcity.shared.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON a service stores in its own columns (a rota, an alert kept for re-sends, a map's areas): written from values it
 * built, read back as written, so a failure either way is a bug, not the caller's input.
 */
public final class JsonText {

    private JsonText() {
    }

    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not serialisable: " + value.getClass().getName(), e);
        }
    }

    public static <T> T read(ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON does not read as " + type.getType() + ": " + e.getMessage(),
                    e);
        }
    }

    public static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON does not read as " + type.getName() + ": " + e.getMessage(),
                    e);
        }
    }
}
