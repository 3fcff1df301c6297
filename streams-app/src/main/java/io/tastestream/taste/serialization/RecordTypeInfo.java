package io.tastestream.taste.serialization;

import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.TasteInput;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of the taste job's records, with the serializer we choose rather than Flink's extraction:
 * our events hold immutable {@code List.of(...)} lists and nested records, which Flink would hand to Kryo (slow, and
 * fragile with JDK-internal immutable collections). The two shuffles that carry every play use binary serializers
 * ({@link EventBinary}; JSON there was a large part of the job's cost); everything else travels as its core JSON
 * encoding ({@link #json}), the one spelling of every record. Never keys (keys are extracted strings).
 */
public final class RecordTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final RecordTypeInfo<TasteInput> TASTE_INPUT =
            new RecordTypeInfo<>(TasteInput.class, TasteInputSerializer.INSTANCE);
    public static final RecordTypeInfo<EnrichedEvent> ENRICHED_EVENT =
            new RecordTypeInfo<>(EnrichedEvent.class, EnrichedEventSerializer.INSTANCE);

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    private RecordTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = Objects.requireNonNull(type);
        this.serializer = Objects.requireNonNull(serializer);
    }

    /** A record that travels as its core JSON encoding (length-prefixed). */
    public static <T> RecordTypeInfo<T> json(Class<T> type) {
        return new RecordTypeInfo<>(type, new JsonTypeSerializer<>(type));
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

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return serializer.getClass().getSimpleName() + "<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordTypeInfo<?> other && other.type.equals(type) && other.serializer.equals(serializer);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof RecordTypeInfo<?>;
    }
}
