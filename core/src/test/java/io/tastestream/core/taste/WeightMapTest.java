package io.tastestream.core.taste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.serde.JsonCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link WeightMap} behaves as a HashMap of {@link DecayedWeight}s would, under random adds, puts and removes. */
class WeightMapTest {
    private static final HalfLife H = HalfLife.of(Duration.ofDays(30));

    @Test
    void randomOperationsMatchAHashMapOfRecords() {
        Random random = new Random(3);
        for (int run = 0; run < 50; run++) {
            WeightMap compact = new WeightMap();
            Map<String, DecayedWeight> plain = new HashMap<>();
            int keys = 1 + random.nextInt(200); // small key spaces collide and re-use slots; large ones grow
            for (int op = 0; op < 2_000; op++) {
                String key = "k" + random.nextInt(keys);
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        double w = random.nextDouble() * 4 - 1;
                        long t = random.nextInt(1_000_000) * 60_000L;
                        boolean created = !plain.containsKey(key);
                        plain.put(key, plain.getOrDefault(key, DecayedWeight.ZERO).plus(w, t, H));
                        assertThat(compact.add(key, w, t, H)).isEqualTo(created);
                    }
                    case 2 -> assertThat(compact.remove(key)).isEqualTo(plain.remove(key));
                    default -> {
                        DecayedWeight v = new DecayedWeight(random.nextDouble(), random.nextInt(1000));
                        assertThat(compact.put(key, v)).isEqualTo(plain.put(key, v));
                    }
                }
                assertThat(compact.size()).isEqualTo(plain.size());
            }
            assertThat(compact).isEqualTo(plain); // same entries, values bit for bit (record equality)
            assertThat(plain).isEqualTo(compact);
            for (int k = 0; k < keys; k++) {
                assertThat(compact.get("k" + k)).isEqualTo(plain.get("k" + k));
                assertThat(compact.containsKey("k" + k)).isEqualTo(plain.containsKey("k" + k));
            }
            int slotsUsed = 0;
            for (int slot = 0; slot < compact.slots(); slot++) {
                if (compact.keyAt(slot) != null) {
                    slotsUsed++;
                    assertThat(new DecayedWeight(compact.valueAt(slot), compact.asOfAt(slot)))
                            .isEqualTo(plain.get(compact.keyAt(slot)));
                }
            }
            assertThat(slotsUsed).isEqualTo(plain.size());
        }
    }

    @Test
    void refusesNullsAndReadsAndWritesAsAJsonMap() {
        WeightMap map = new WeightMap();
        assertThatThrownBy(() -> map.put(null, DecayedWeight.ZERO)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.put("a", null)).isInstanceOf(NullPointerException.class);
        assertThat(map.get(null)).isNull();

        TasteState state = new TasteState();
        state.applyPlay(io.tastestream.core.event.PlayEvent.of("u", "Mogwai", "t", null,
                java.time.Instant.parse("2024-01-01T00:00:00Z"), 0, "test"),
                List.of(new io.tastestream.core.event.WeightedTag("post-rock", 2)), TasteSettings.defaults());
        JsonCodec<TasteState> codec = TasteState.SERDE;
        TasteState read = codec.decode(codec.encode(state));
        assertThat(read.artists).isInstanceOf(WeightMap.class).isEqualTo(state.artists);
        assertThat(read.tags).isInstanceOf(WeightMap.class).isEqualTo(state.tags);
    }

    @Test
    void displayNamesLiveAndDieWithTheirWeights() {
        Random random = new Random(5);
        WeightMap map = new WeightMap();
        Map<String, String> expected = new HashMap<>(); // the names of the keys that have a weight
        for (int op = 0; op < 20_000; op++) {
            String key = "k" + random.nextInt(300); // enough keys to grow the table and shift probe runs on removal
            switch (random.nextInt(3)) {
                case 0 -> {
                    String name = "Name " + key + " #" + op;
                    boolean created = !map.containsKey(key);
                    assertThat(map.add(key, name, 1, op, H)).isEqualTo(created);
                    expected.putIfAbsent(key, name); // the first name seen stays
                }
                case 1 -> {
                    map.remove(key);
                    expected.remove(key);
                }
                default -> map.add(key, 1, op, H); // no name: keeps the one there
            }
        }
        assertThat(map.names()).isEqualTo(expected);
        for (int slot = 0; slot < map.slots(); slot++) {
            if (map.keyAt(slot) != null) {
                assertThat(map.nameAt(slot)).isEqualTo(expected.get(map.keyAt(slot)));
            }
        }
    }

    @Test
    void aNamePutBeforeItsWeightWaitsForIt() {
        WeightMap map = new WeightMap();
        map.names().put("sigur ros", "Sigur Ros");
        assertThat(map.names()).containsEntry("sigur ros", "Sigur Ros").hasSize(1);
        assertThat(map).isEmpty();
        map.add("sigur ros", "sigur rós", 1, 0, H); // the waiting name was first
        assertThat(map.names()).containsExactly(Map.entry("sigur ros", "Sigur Ros"));
        map.names().put("sigur ros", "Sigur Rós"); // an explicit put replaces it
        assertThat(map.names().get("sigur ros")).isEqualTo("Sigur Rós");
        assertThat(map.names().remove("sigur ros")).isEqualTo("Sigur Rós");
        assertThat(map.names()).isEmpty();
        assertThat(map).containsOnlyKeys("sigur ros"); // the weight stays without a name
    }

    @Test
    void jsonWithNamesBeforeWeightsReadsThemIntoTheWeights() {
        String json = """
                {"artistNames": {"mogwai": "Mogwai"}, "tagNames": {"post rock": "post-rock"},
                 "artists": {"mogwai": {"value": 2.0, "asOfMillis": 5}},
                 "tags": {"post rock": {"value": 1.5, "asOfMillis": 5}}, "latestMillis": 5}""";
        TasteState read = TasteState.SERDE.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(read.artists.nameAt(slotOf(read.artists, "mogwai"))).isEqualTo("Mogwai");
        assertThat(read.tags.nameAt(slotOf(read.tags, "post rock"))).isEqualTo("post-rock");
        assertThat(read.artistNames).containsExactly(Map.entry("mogwai", "Mogwai"));
    }

    private static int slotOf(WeightMap map, String key) {
        for (int slot = 0; slot < map.slots(); slot++) {
            if (key.equals(map.keyAt(slot))) {
                return slot;
            }
        }
        throw new AssertionError(key + " not in " + map);
    }
}
