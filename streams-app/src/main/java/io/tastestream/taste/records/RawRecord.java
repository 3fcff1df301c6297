package io.tastestream.taste.records;

import java.io.Serializable;

/**
 * A Kafka record as it came off the wire, before decoding. Kept raw so that a record we cannot decode can still be
 * dead-lettered with its topic, partition, offset and original bytes.
 *
 * <p>Flink serialises it with its POJO serializer (Java records are POJOs to Flink 2.x); {@link Serializable} only
 * so that tests can put a list of them into a source function.
 *
 * @param key       the record key, or null
 * @param value     the record value, or null (a tombstone)
 * @param timestamp the Kafka record timestamp (ms), for diagnostics only: event time comes from the event itself
 */
public record RawRecord(String topic, int partition, long offset, byte[] key, byte[] value, long timestamp)
        implements Serializable {
}
