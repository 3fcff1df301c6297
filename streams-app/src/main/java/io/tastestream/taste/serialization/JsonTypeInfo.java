package io.tastestream.taste.serialization;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for a record that travels between operators as its core JSON encoding.
 *
 * <p>Why not Flink's own extraction: our events hold immutable {@code List.of(...)} lists and nested records, which
 * Flink would hand to Kryo (slow, and fragile with JDK-internal immutable collections). The JSON codec is the one
 * spelling of every record anyway, and its tolerance of unknown fields keeps in-flight data readable across versions.
 */
public final class JsonTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    private JsonTypeInfo(Class<T> type) {
        this.type = Objects.requireNonNull(type);
    }

    public static <T> JsonTypeInfo<T> of(Class<T> type) {
        return new JsonTypeInfo<>(type);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    /** Never a key: keys are always extracted strings (user id, artist key). */
    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new JsonTypeSerializer<>(type);
    }

    @Override
    public String toString() {
        return "Json<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonTypeInfo<?> other && other.canEqual(this) && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof JsonTypeInfo<?>;
    }
}
