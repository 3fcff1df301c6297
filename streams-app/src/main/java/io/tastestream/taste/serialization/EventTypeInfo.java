package io.tastestream.taste.serialization;

import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.TasteInput;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information of the records that cross the taste job's shuffles, serialised field by field
 * ({@link EventBinary}) rather than as JSON ({@link JsonTypeInfo}): those two shuffles carry every play, and
 * JSON there was a large part of the job's cost. Never keys (keys are extracted strings).
 */
public final class EventTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final EventTypeInfo<TasteInput> TASTE_INPUT =
            new EventTypeInfo<>(TasteInput.class, TasteInputSerializer.INSTANCE);
    public static final EventTypeInfo<EnrichedEvent> ENRICHED_EVENT =
            new EventTypeInfo<>(EnrichedEvent.class, EnrichedEventSerializer.INSTANCE);

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    private EventTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = Objects.requireNonNull(type);
        this.serializer = Objects.requireNonNull(serializer);
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
        return "Binary<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeInfo<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof EventTypeInfo<?>;
    }
}
