package io.tastestream.taste.savepoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.serde.Json;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.job.TasteJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Stops the running taste job with a savepoint (or only takes one, with {@code --keep-running}) through the Flink
 * REST API on the dashboard port, waits for it, and prints where it is and how to resume from it:
 * {@code taste-job --from-savepoint PATH}.
 */
@Command(name = "taste-savepoint", mixinStandardHelpOptions = true,
        description = "Stops the taste job with a savepoint (Flink REST API) and prints how to resume from it.")
public final class TasteSavepointCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--url", paramLabel = "URL",
            description = "Flink REST address (default http://localhost:<flink.dashboard.port>).")
    String url;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the savepoint (default "
            + "<data.dir>/flink-savepoints).")
    Path dir;

    @Option(names = "--keep-running", description = "Take a savepoint but leave the job running.")
    boolean keepRunning;

    @Option(names = "--job-name", defaultValue = TasteJob.JOB_NAME,
            description = "Name of the job to stop (default '${DEFAULT-VALUE}').")
    String jobName;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "How long to wait for the savepoint "
            + "(ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) {
        System.exit(new CommandLine(new TasteSavepointCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        TastestreamConfig config = configOptions.load();
        String base = url != null ? url.replaceAll("/+$", "")
                : "http://localhost:" + config.getInt(TastestreamConfig.FLINK_DASHBOARD_PORT);
        Path target = (dir != null ? dir : TasteJobMain.savepointsDir(config)).toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        String jobId;
        try {
            jobId = runningJob(base);
        } catch (IOException e) {
            err.println("cannot reach the Flink REST API at " + base + ": " + e.getMessage()
                    + " (is the taste job running? its dashboard port is flink.dashboard.port)");
            return 2;
        }
        if (jobId == null) {
            err.println("no running job named '" + jobName + "' at " + base);
            return 1;
        }
        String location = savepoint(base, jobId, target);
        out.println((keepRunning ? "Savepoint of" : "Stopped") + " job " + jobId + " with savepoint " + location);
        out.println("Resume with: taste-job --from-savepoint " + Path.of(URI.create(location)));
        return 0;
    }

    /** The id of the running job with our name, or null. */
    String runningJob(String base) throws IOException, InterruptedException {
        JsonNode overview = get(base + "/jobs/overview");
        for (JsonNode job : overview.path("jobs")) {
            if (jobName.equals(job.path("name").asText()) && "RUNNING".equals(job.path("state").asText())) {
                return job.path("jid").asText();
            }
        }
        return null;
    }

    /** Triggers a stop-with-savepoint (or a savepoint) and waits for its location. */
    String savepoint(String base, String jobId, Path target) throws IOException, InterruptedException {
        String dirUri = target.toUri().toString();
        JsonNode trigger = keepRunning
                ? post(base + "/jobs/" + jobId + "/savepoints",
                        Map.of("target-directory", dirUri, "cancel-job", false, "formatType", "CANONICAL"))
                : post(base + "/jobs/" + jobId + "/stop",
                        Map.of("targetDirectory", dirUri, "drain", false, "formatType", "CANONICAL"));
        String requestId = trigger.path("request-id").asText();
        if (requestId.isEmpty()) {
            throw new IOException("Flink did not accept the savepoint request: " + trigger);
        }
        Instant triggered = Instant.now();
        Instant deadline = triggered.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode status;
            try {
                status = get(base + "/jobs/" + jobId + "/savepoints/" + requestId);
            } catch (IOException gone) {
                // TasteJobMain's JVM exits once its job has stopped, taking the REST API with it before we can
                // read the result: the savepoint is then the one that appeared in the target directory
                if (keepRunning) {
                    throw gone;
                }
                String written = savepointWrittenSince(target, triggered);
                if (written != null) {
                    return written;
                }
                Thread.sleep(200);
                continue;
            }
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("location")) {
                    return operation.path("location").asText();
                }
                throw new IOException("savepoint failed: " + operation.path("failure-cause")
                        .path("stack-trace").asText(operation.toString()).lines().findFirst().orElse("unknown"));
            }
            Thread.sleep(200);
        }
        throw new IOException("savepoint did not complete within " + timeout);
    }

    /** A complete savepoint (one with its _metadata) that appeared under target since the given time, or null. */
    static String savepointWrittenSince(Path target, Instant since) throws IOException {
        if (!java.nio.file.Files.isDirectory(target)) {
            return null;
        }
        try (var dirs = java.nio.file.Files.list(target)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("savepoint-"))
                    .filter(d -> java.nio.file.Files.isRegularFile(d.resolve("_metadata")))
                    .filter(d -> modified(d.resolve("_metadata")).isAfter(since.minusSeconds(1)))
                    .max(java.util.Comparator.comparing(d -> modified(d.resolve("_metadata"))))
                    .map(d -> d.toUri().toString()).orElse(null);
        }
    }

    private static Instant modified(Path file) {
        try {
            return java.nio.file.Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private JsonNode get(String address) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(address)).GET().build());
    }

    private JsonNode post(String address, Map<String, Object> body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(address))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = response.body().length == 0 ? Json.mapper().createObjectNode()
                : Json.mapper().readTree(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " returned " + response.statusCode()
                    + ": " + json.path("errors"));
        }
        return json;
    }
}
