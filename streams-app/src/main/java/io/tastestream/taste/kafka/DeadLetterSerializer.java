package io.tastestream.taste.kafka;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead letter to the dead-letters topic, keyed like the original record, with the reason also in a header so
 * a consumer can see why without parsing the value.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetter.REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, letter.at().toEpochMilli(),
                Topics.DEAD_LETTERS.keySerde().encode(letter.key()), Topics.DEAD_LETTERS.valueSerde().encode(letter),
                headers);
    }
}
