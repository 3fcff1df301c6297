package io.tastestream.serving.kafka;

import io.tastestream.core.serde.Codec;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka serdes over core codecs, so a record is spelled the one way core defines. */
public final class CodecSerdes {
    private CodecSerdes() {}

    public static <T> Serde<T> of(Codec<T> codec) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : codec.encode(value),
                (topic, bytes) -> bytes == null ? null : codec.decode(bytes));
    }
}
