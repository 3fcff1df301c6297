package io.tastestream.core.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * JSON codec for one record type. Decoding failures become {@link InvalidRecordException}s that name the type,
 * the field path and the cause, e.g. {@code PlayEvent: field 'userId': must not be blank}.
 */
public final class JsonCodec<T> implements Codec<T> {
    private final Class<T> type;

    private JsonCodec(Class<T> type) {
        this.type = type;
    }

    public static <T> JsonCodec<T> of(Class<T> type) {
        return new JsonCodec<>(type);
    }

    @Override
    public byte[] encode(T value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Encodes as a JSON string, for files and logs. */
    public String encodeToString(T value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    @Override
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidRecordException(describes() + ": empty value");
        }
        try {
            T value = Json.mapper().readValue(bytes, type);
            if (value == null) {
                throw new InvalidRecordException(describes() + ": value is JSON null");
            }
            return value;
        } catch (ValueInstantiationException e) {
            // thrown by a record's compact constructor: its message already names the field
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidRecordException(describes() + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new InvalidRecordException(describes() + fieldPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(describes() + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidRecordException(describes() + ": unreadable: " + e.getMessage(), e);
        }
    }

    public T decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String describes() {
        return type.getSimpleName();
    }

    private static String fieldPath(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "";
        }
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return ": field '" + path.replace(".[", "[") + "'";
    }
}
