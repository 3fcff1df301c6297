package io.tastestream.serving.api;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.topic.Topic;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes feedback from the web page to the feedback topic, keyed by user id so it stays in order per user. */
public final class FeedbackPublisher {
    /** How long a web request waits for the broker's acknowledgement before answering 503. */
    static final long ACK_TIMEOUT_SECONDS = 15;

    private final Producer<byte[], byte[]> producer;
    private final Topic<String, FeedbackEvent> topic;

    public FeedbackPublisher(Producer<byte[], byte[]> producer, Topic<String, FeedbackEvent> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Sends and waits for the acknowledgement, so the page only says "saved" when Kafka has it.
     *
     * @throws FeedbackNotStoredException when Kafka did not acknowledge in time or refused the record
     */
    public void publish(FeedbackEvent event) {
        var record = new ProducerRecord<>(topic.name(), topic.keySerde().encode(event.userId()),
                topic.valueSerde().encode(event));
        try {
            producer.send(record).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedbackNotStoredException("interrupted while sending feedback", e);
        } catch (ExecutionException e) {
            throw new FeedbackNotStoredException("Kafka refused the feedback: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new FeedbackNotStoredException("Kafka did not acknowledge the feedback within "
                    + ACK_TIMEOUT_SECONDS + "s", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new FeedbackNotStoredException("cannot send feedback: " + e.getMessage(), e);
        }
    }

    public static final class FeedbackNotStoredException extends RuntimeException {
        FeedbackNotStoredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
