package io.tastestream.taste.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tastestream.core.event.PlayEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlayEventJsonTest {

    /** Plain plays: the fast path reads them, to the same event as the codec. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"schemaVersion\":1,\"playId\":\"spotify:abc\",\"userId\":\"alice\",\"artist\":\"Sigur Rós\","
                + "\"track\":\"Hoppípolla\",\"album\":\"Takk...\",\"playedAt\":\"2024-05-01T12:00:00Z\","
                + "\"msPlayed\":215000,\"source\":\"spotify\"}",
        // our writers' field order, then a field PlayEvent does not have; a name with an escape; a field left out
        "{\"schemaVersion\":1,\"playId\":\"p\",\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"album\":\"b\","
                + "\"playedAt\":\"2024-05-01T12:00:00Z\",\"msPlayed\":1,\"source\":\"s\",\"later\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"play\\u0049d\":\"p\",\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\","
                + "\"playedAt\":\"2024-05-01T12:00:00Z\",\"source\":\"s\"}",
        "{\"userId\":\"bob\",\"artist\":\"Radiohead\",\"track\":\"Reckoner\",\"playedAt\":\"2024-02-29T23:59:59.5Z\"}",
        "{\"playedAt\":\"1999-12-31T00:00:00.123456789Z\",\"track\":\"t\",\"artist\":\"a\",\"userId\":\"u\","
                + "\"album\":null,\"playId\":null,\"source\":null,\"msPlayed\":0}",
        "{\"userId\":\"u\",\"artist\":\"a \\\"quoted\\\" \\u00e9\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00.1Z\","
                + "\"extra\":{\"nested\":[1,2,{\"x\":null}]},\"more\":[],\"msPlayed\":9999999999999}",
        "{\"schemaVersion\":0,\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"0001-01-01T00:00:00Z\"}",
    })
    void plainPlaysTakeTheFastPathToTheCodecsEvent(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(PlayEventJson.decodePlain(bytes)).isNotNull().isEqualTo(PlayEvent.SERDE.decode(bytes));
        assertThat(PlayEventJson.decode(bytes)).isEqualTo(PlayEvent.SERDE.decode(bytes));
    }

    /** Everything else: the same event or the same error as the codec, whichever the codec gives. */
    @ParameterizedTest
    @ValueSource(strings = {
        "", "{not json", "null", "[]", "\"x\"", "42", "{}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\"}",
        "{\"userId\":\" \",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":null,\"playedAt\":\"2024-01-01T00:00:00Z\"}",
        "{\"schemaVersion\":2,\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"}",
        "{\"schemaVersion\":99999999999,\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\",\"msPlayed\":-1}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\",\"msPlayed\":\"5\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\",\"msPlayed\":1.5}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\",\"msPlayed\":99999999999999999999999}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":1714564800}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"1714564800\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2023-02-29T00:00:00Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-04-31T00:00:00Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01t00:00:00z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-06-30T23:59:60Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T24:00:00Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T01:00:00+01:00\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00.Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00.1234567890Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\" 2024-01-01T00:00:00Z \"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"+12024-01-01T00:00:00Z\"}",
        "{\"userId\":\"u\",\"userId\":\"v\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"}",
        "{\"userId\":7,\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"}",
        "{\"userId\":\"u\",\"artist\":[\"a\"],\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"} trailing",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\",\"x\":[1,}",
        "{\"userId\":\"u\",\"artist\":\"a\",\"track\":\"t\",\"playedAt\":\"2024-01-01T00:00:00Z\"",
    })
    void anythingElseGivesWhatTheCodecGives(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Object expected = outcome(() -> PlayEvent.SERDE.decode(bytes));

        assertThat(outcome(() -> PlayEventJson.decode(bytes))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nullAndInvalidUtf8GiveTheCodecsErrors() {
        byte[] invalidUtf8 = {'{', '"', 'u', 's', 'e', 'r', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        for (byte[] bytes : java.util.Arrays.asList(null, invalidUtf8)) {
            assertThat(outcome(() -> PlayEventJson.decode(bytes)))
                    .isEqualTo(outcome(() -> PlayEvent.SERDE.decode(bytes)));
        }
    }

    /** The event, or the error's class and message. */
    private static Object outcome(java.util.function.Supplier<PlayEvent> decode) {
        Throwable t = catchThrowable(decode::get);
        return t == null ? decode.get() : List.of(t.getClass(), String.valueOf(t.getMessage()));
    }
}
