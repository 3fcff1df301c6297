package io.tastestream.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.serde.InvalidRecordException;
import io.tastestream.core.serde.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventSerdesTest {
    static final Instant T = Instant.parse("2026-11-20T10:15:30Z");

    static Stream<Arguments> samples() {
        PlayEvent play = PlayEvent.of("u1", "Sigur Rós", "Hoppípolla", "Takk...", T, 268_000, "spotify");
        FeedbackEvent like = FeedbackEvent.of("u1", FeedbackType.LIKE, ItemRef.artist("Mogwai"), T, "web");
        ItemTagsEvent tags = ItemTagsEvent.of(new ItemRef("Mogwai", "Auto Rock"),
                List.of(new WeightedTag("post-rock", 100), new WeightedTag("instrumental", 40)), "lastfm", T);
        Trigger trigger = Trigger.of(play);
        TasteSnapshot snapshot = new TasteSnapshot(1, "u1", T, 2160, List.of(new Weighted("post rock", 2.5)),
                List.of(new Weighted("Mogwai", 1.0)), List.of(new RecentPlay("Mogwai", "Auto Rock", T)),
                List.of("mogwai"), List.of(), List.of("nickelback"), trigger, 7);
        Recommendations recs = new Recommendations(1, "u1", T.plusSeconds(1), T, trigger, "catalog-x/linear-v1",
                List.of(new RecommendedItem(1, "Explosions in the Sky", 0.8, "fans of Mogwai play it")));
        DeadLetter dead = DeadLetter.of("serving", "taste", 0, 42, "u1".getBytes(StandardCharsets.UTF_8),
                "{oops".getBytes(StandardCharsets.UTF_8), "TasteSnapshot: not valid JSON", T);
        return Stream.of(
                Arguments.of(PlayEvent.SERDE, play), Arguments.of(FeedbackEvent.SERDE, like),
                Arguments.of(ItemTagsEvent.SERDE, tags), Arguments.of(TasteSnapshot.SERDE, snapshot),
                Arguments.of(Recommendations.SERDE, recs), Arguments.of(DeadLetter.SERDE, dead));
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void roundTrips(JsonCodec<T> serde, T value) {
        assertThat(serde.decode(serde.encode(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void rejectsGarbageNamingTheType(JsonCodec<T> serde, T ignored) {
        assertThatThrownBy(() -> serde.decode("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith(serde.describes() + ": not valid JSON");
        assertThatThrownBy(() -> serde.decode(new byte[0]))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> serde.decode("null"))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("null");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> PlayEvent.SERDE.decode("""
                {"userId":"u1","artist":"Mogwai","playedAt":"2026-11-20T10:15:30Z"}"""))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("PlayEvent: field 'track': must not be blank");
    }

    @Test
    void wrongTypeIsNamedWithItsPath() {
        assertThatThrownBy(() -> FeedbackEvent.SERDE.decode("""
                {"userId":"u1","type":"LOVE","item":{"artist":"Mogwai"},"at":"2026-11-20T10:15:30Z"}"""))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("FeedbackEvent: field 'type'");
        assertThatThrownBy(() -> PlayEvent.SERDE.decode("""
                {"userId":"u1","artist":"A","track":"B","playedAt":"yesterday"}"""))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("PlayEvent: field 'playedAt'");
    }

    @Test
    void newerSchemaVersionIsRefusedNotHalfRead() {
        assertThatThrownBy(() -> PlayEvent.SERDE.decode("""
                {"schemaVersion":9,"userId":"u1","artist":"A","track":"B","playedAt":"2026-11-20T10:15:30Z"}"""))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("version 9 is not supported");
    }

    @Test
    void handWrittenPlayGetsDefaultsAndTheSameIdAsAReplayOfIt() {
        PlayEvent byHand = PlayEvent.SERDE.decode("""
                {"userId":"u1","artist":"Mogwai","track":"Auto Rock","playedAt":"2026-11-20T10:15:30.250Z"}""");
        assertThat(byHand.schemaVersion()).isEqualTo(PlayEvent.CURRENT_VERSION);
        assertThat(byHand.source()).isEqualTo("manual");
        PlayEvent again = PlayEvent.of("u1", "MOGWAI ", "auto rock", null, T.minusMillis(-250), 0, "manual");
        assertThat(again.playId()).isEqualTo(byHand.playId());
        PlayEvent otherSecond = PlayEvent.of("u1", "Mogwai", "Auto Rock", null, T.plusSeconds(1), 0, "manual");
        assertThat(otherSecond.playId()).isNotEqualTo(byHand.playId());
        PlayEvent otherSource = PlayEvent.of("u1", "Mogwai", "Auto Rock", null, T, 0, "lastfm");
        assertThat(otherSource.playId()).isNotEqualTo(byHand.playId());
    }

    @Test
    void unknownFieldsAreToleratedForForwardCompatibility() {
        FeedbackEvent fb = FeedbackEvent.SERDE.decode("""
                {"userId":"u1","type":"SKIP","item":{"artist":"A","track":"T"},"at":"2026-11-20T10:15:30Z",
                 "futureField":{"x":1}}""");
        assertThat(fb.item().key()).isEqualTo("a\u001ft");
    }

    @Test
    void namesNormaliseToOneKey() {
        assertThat(Names.key(" Sigur  Rós ")).isEqualTo(Names.key("SIGUR RÓS")).isEqualTo("sigur rós");
        assertThat(Names.tagKey("Hip-Hop")).isEqualTo(Names.tagKey("hip hop")).isEqualTo(Names.tagKey("HIP_HOP"));
    }
}
