package io.tastestream.core.serde;

/**
 * Turns one record type into bytes and back. Every event type has exactly one (its {@code SERDE} field);
 * Kafka, Flink and files all go through it, so a record is spelled one way everywhere.
 *
 * <p>Kept free of Kafka and Flink types: adapters are one line in the modules that need them.
 */
public interface Codec<T> {

    byte[] encode(T value);

    /** @throws InvalidRecordException naming what is wrong, never a bare parser exception */
    T decode(byte[] bytes);

    /** What this codec reads, for messages ("PlayEvent"). */
    String describes();
}
