package io.tastestream.deploy.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/** How to tell that a started child process is ready for use. */
public interface Readiness {

    /** True once ready. Called repeatedly; must not block long. */
    boolean isReady(ChildProcess process);

    /** For messages: "http://localhost:8088/health answers 200". */
    String description();

    /** Ready as soon as started: for background workers nobody waits for (the demo's simulated pollers). */
    static Readiness started() {
        return new Readiness() {
            @Override
            public boolean isReady(ChildProcess process) {
                return true;
            }

            @Override
            public String description() {
                return "started";
            }
        };
    }

    /** Ready when a GET of {@code uri} answers with a 2xx status. */
    static Readiness httpOk(URI uri) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return new Readiness() {
            @Override
            public boolean isReady(ChildProcess process) {
                try {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status >= 200 && status < 300;
                } catch (IOException e) {
                    return false; // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            @Override
            public String description() {
                return uri + " answers 2xx";
            }
        };
    }

    /** Ready once the process's log contains {@code text}. */
    static Readiness logContains(String text) {
        return new Readiness() {
            @Override
            public boolean isReady(ChildProcess process) {
                try {
                    return Files.readString(process.logFile(), StandardCharsets.UTF_8).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String description() {
                return "its log contains \"" + text + "\"";
            }
        };
    }
}
