package io.tastestream.taste.job;

import static io.tastestream.taste.testing.TestEvents.T0;
import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.raw;
import static io.tastestream.taste.testing.TestEvents.rawText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.CollectingSink;
import io.tastestream.taste.testing.Jobs;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The taste job's Flink configuration serves every metric to Prometheus on {@code flink.metrics-port}: a local
 * cluster runs the job, and a scrape of {@code /metrics} finds the taste metrics with the numbers the input implies.
 */
class PrometheusEndpointTest {
    private static final Map<String, List<RawRecord>> INPUTS = new ConcurrentHashMap<>();
    private static final int PLAYS = 20;

    @TempDir
    Path dataDir;

    @Test
    void aScrapeFindsTasteUpdatesDuplicatesCrossSourceDuplicatesLateEventsAndDeadLetters() throws Exception {
        List<RawRecord> input = new ArrayList<>();
        long offset = 0;
        input.add(raw(artistTags("Mogwai", "post-rock", 10), offset++));
        for (int i = 0; i < PLAYS; i++) {
            input.add(raw(PlayEvent.of("user-" + (i % 3), "Mogwai", "track " + i, null, T0.plusSeconds(60L * i),
                    0, "test"), offset++));
        }
        PlayEvent first = PlayEvent.of("user-0", "Mogwai", "track 0", null, T0, 0, "test");
        input.add(raw(first, offset++)); // a redelivery
        // within the out-of-orderness bound (5 minutes) of the latest play, so never late
        Instant end = T0.plus(Duration.ofMinutes(PLAYS));
        input.add(raw(PlayEvent.of("user-1", "Mogwai", "Auto Rock", null, end, 240_000, "spotify"), offset++));
        input.add(raw(PlayEvent.of("user-1", "Mogwai", "Auto Rock", null, end.minusSeconds(239), 0, "lastfm"),
                offset++)); // its scrobble
        input.add(rawText(Topics.PLAYS.name(), "user-2", "{\"userId\":", offset++)); // a dead letter
        String inputId = dataDir.toString();
        INPUTS.put(inputId, input);

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.FLINK_DASHBOARD_PORT, "0")
                .with(TastestreamConfig.FLINK_METRICS_PORT, Integer.toString(port));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(1);
        // the input, then item tags of an unrelated artist forever: the job keeps running (and its metrics
        // registered) until the scrape has seen everything
        GeneratorFunction<Long, RawRecord> records = new InputThenFiller(inputId);
        DataStream<RawRecord> source = env.fromSource(new DataGeneratorSource<>(records, Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(200), TypeInformation.of(RawRecord.class)),
                WatermarkStrategy.noWatermarks(), "input then filler").uid("input-then-filler").setParallelism(1);
        TasteJob.build(env, source, new CollectingSink<TasteSnapshot>(), new CollectingSink<DeadLetter>(),
                TasteJobOptions.from(config));
        JobClient job = env.executeAsync(TasteJob.JOB_NAME);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build();
            String metrics = "";
            // polls until the numbers are complete; the deadline only guards against a hang
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline)) {
                try {
                    metrics = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    metrics = "";
                }
                // every counter the test asserts on: the scrobble comes after the last counted play
                if (sum(metrics, "tasteUpdates") == PLAYS + 1 && sum(metrics, "deadLetters") == 1
                        && sum(metrics, "duplicateEvents") == 1 && sum(metrics, "crossSourceDuplicates") == 1) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(sum(metrics, "tasteUpdates")).as("plays applied (the scrobble is not)").isEqualTo(PLAYS + 1);
            assertThat(sum(metrics, "duplicateEvents")).isEqualTo(1);
            assertThat(sum(metrics, "crossSourceDuplicates")).isEqualTo(1);
            assertThat(sum(metrics, "deadLetters")).isEqualTo(1);
            assertThat(sum(metrics, "lateEvents")).as("reported (none in this input)").isZero();
            assertThat(metrics).contains("taste_per_user").contains("tasteUpdatesPerSecond");
        } finally {
            Jobs.cancelAndWait(job);
            INPUTS.remove(inputId);
        }
    }

    /**
     * Sum over subtasks of a Flink metric as Prometheus shows it, e.g. {@code
     * flink_taskmanager_job_task_operator_tasteUpdates{...} 21.0}; -1 when no line has it.
     */
    private static long sum(String scrape, String metric) {
        Matcher m = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_" + metric + "\\{[^}]*} (\\S+)$")
                .matcher(scrape);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? Math.round(total) : -1;
    }

    private record InputThenFiller(String inputId) implements GeneratorFunction<Long, RawRecord> {
        @Override
        public RawRecord map(Long index) {
            List<RawRecord> input = INPUTS.get(inputId);
            return index < input.size() ? input.get(index.intValue())
                    : raw(artistTags("Filler " + (index % 10), "noise", 1), index);
        }
    }
}
