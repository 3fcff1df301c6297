package io.tastestream.taste.serialization;

import io.tastestream.core.serde.JsonCodec;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a record as a length-prefixed JSON document (length -1 for null). Records are immutable, so copies are the
 * same instance.
 */
public final class JsonTypeSerializer<T> extends ImmutableRecordSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    // JsonCodec is not Serializable; it only wraps the class, so rebuilding it after deserialisation is free
    private transient JsonCodec<T> codec;

    public JsonTypeSerializer(Class<T> type) {
        this.type = Objects.requireNonNull(type);
    }

    Class<T> type() {
        return type;
    }

    private JsonCodec<T> codec() {
        if (codec == null) {
            codec = JsonCodec.of(type);
        }
        return codec;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (record == null) {
            target.writeInt(-1);
            return;
        }
        byte[] bytes = codec().encode(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return codec().decode(bytes);
    }

    /** Copies the bytes without decoding them. */
    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        if (length > 0) {
            target.write(source, length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonTypeSerializer<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new JsonTypeSerializerSnapshot<>(type);
    }
}
