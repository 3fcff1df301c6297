package io.tastestream.taste.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a checkpoint remembers about a {@link JsonTypeSerializer}: the record class. JSON tolerates added and removed
 * fields, so the same class is always compatible as is.
 */
public final class JsonTypeSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
    private static final int VERSION = 1;

    private Class<T> type;

    /** For Flink, which instantiates snapshots reflectively before {@link #readSnapshot}. */
    public JsonTypeSerializerSnapshot() {}

    JsonTypeSerializerSnapshot(Class<T> type) {
        this.type = type;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(type.getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        String name = in.readUTF();
        try {
            type = (Class<T>) Class.forName(name, false, classLoader);
        } catch (ClassNotFoundException e) {
            throw new IOException("state refers to record class " + name + ", which this build does not have", e);
        }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return new JsonTypeSerializer<>(type);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot instanceof JsonTypeSerializerSnapshot<T> old && old.type.equals(type)) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
