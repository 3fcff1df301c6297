package io.tastestream.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tastestream.cli.TastestreamCli;
import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.deploy.process.ModuleMainLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

/**
 * The Kubernetes manifests cannot be applied here (no cluster), so this checks what would make them fail there and
 * what only tastestream knows: every container of our image runs a command our CLI accepts, the shared settings
 * load, secrets come only from Secrets, mounts, volumes, claims and config maps refer to each other, services
 * select pods that expose their ports, and the broker advertises the address the settings use.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("kubernetes");
    private static final String IMAGE = "tastestream";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> docs;
    private static List<String> resources;

    /** A pod template with the workload it belongs to. */
    record Pod(String kind, String workload, JsonNode spec, JsonNode labels) {
        List<JsonNode> containers() {
            List<JsonNode> out = new ArrayList<>();
            spec.path("initContainers").forEach(out::add);
            spec.path("containers").forEach(out::add);
            return out;
        }

        List<JsonNode> ours() {
            return containers().stream().filter(c -> c.path("image").asText().equals(IMAGE)).toList();
        }
    }

    @BeforeAll
    static void load() throws IOException {
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        docs = new ArrayList<>();
        for (String resource : resources) {
            try (var parser = YAML.getFactory().createParser(DIR.resolve(resource).toFile())) {
                YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                    if (d != null && !d.isEmpty()) {
                        docs.add(d);
                    }
                });
            }
        }
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            Set<String> yaml = new TreeSet<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
            assertThat(new TreeSet<>(resources)).isEqualTo(yaml);
        }
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.path("apiVersion").asText()).as("apiVersion of %s", d).isNotEmpty();
            assertThat(d.path("metadata").path("name").asText()).as("name of %s", d.path("kind")).isNotEmpty();
        });
        assertThat(pods()).extracting(Pod::workload)
                .contains("taste-job", "serving", "kafka", "spotify-poller", "tags-poller", "tastestream-topics");
    }

    @Test
    void everyContainerOfOurImageRunsACommandTheCliAccepts() {
        List<JsonNode> ours = pods().stream().flatMap(p -> p.ours().stream()).toList();
        assertThat(ours).hasSizeGreaterThanOrEqualTo(6);
        for (JsonNode container : ours) {
            List<String> args = strings(container.path("args"));
            CommandLine cli = TastestreamCli.commandLine();
            ParseResult parsed = parse(cli, args, container);
            while (parsed.hasSubcommand()) {
                parsed = parsed.subcommand();
            }
            assertThat(parsed.commandSpec().name()).as("command of %s", args).isNotEqualTo("tastestream");
            // taste-job and serve hand their options to the stage's own main, which takes the config options
            boolean handsOn = !parsed.unmatched().isEmpty();
            if (handsOn) {
                parse(new CommandLine(new StageOptions()), parsed.unmatched(), container);
            }
            if (handsOn || parsed.commandSpec().findOption("--config") != null) {
                assertThat(args).as("container %s reads the shared settings", container.path("name").asText())
                        .containsSubsequence("--config", "/etc/tastestream/tastestream.properties");
            }
        }
    }

    @Test
    void sharedSettingsLoadAndHoldNoSecret(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("tastestream.properties");
        Files.writeString(file, configMap("tastestream-config").path("data").path("tastestream.properties").asText());

        TastestreamConfig config = TastestreamConfig.load(file, Map.of(), Map.of());

        assertThat(config.getDuration(TastestreamConfig.CHECKPOINT_INTERVAL)).isPositive();
        assertThat(config.getInt(TastestreamConfig.SERVING_PORT)).isPositive();
        String properties = Files.readString(file);
        for (String key : TastestreamConfig.DEFAULTS.keySet()) {
            if (TastestreamConfig.isSecret(key)) {
                assertThat(properties).as("secret %s in the ConfigMap", key).doesNotContain(key + "=");
            }
        }
    }

    @Test
    void environmentCarriesOnlyKnownSettingsAndSecretsComeFromSecrets() {
        Set<String> known = new HashSet<>();
        TastestreamConfig.DEFAULTS.keySet().forEach(k -> known.add(TastestreamConfig.envName(k)));
        known.add(ModuleMainLauncher.STAGE_JAVA_OPTS);
        for (Pod pod : pods()) {
            for (JsonNode container : pod.ours()) {
                for (JsonNode env : container.path("env")) {
                    String name = env.path("name").asText();
                    if (!name.startsWith("TASTESTREAM_")) {
                        continue;
                    }
                    assertThat(known).as("%s in %s: not a tastestream setting", name, pod.workload()).contains(name);
                    String key = TastestreamConfig.DEFAULTS.keySet().stream()
                            .filter(k -> TastestreamConfig.envName(k).equals(name)).findFirst().orElse("");
                    if (TastestreamConfig.isSecret(key)) {
                        assertThat(env.has("value")).as("%s in %s must not be written in a manifest", name,
                                pod.workload()).isFalse();
                        JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                        assertThat(ref.path("name").asText()).as("%s comes from a Secret", name).isNotEmpty();
                    }
                }
            }
        }
    }

    @Test
    void mountsVolumesClaimsAndConfigMapsReferToEachOther(@TempDir Path tmp) throws IOException {
        Set<String> claims = names("PersistentVolumeClaim");
        Set<String> configMaps = names("ConfigMap");
        Path file = tmp.resolve("t.properties");
        Files.writeString(file, configMap("tastestream-config").path("data").path("tastestream.properties").asText());
        TastestreamConfig config = TastestreamConfig.load(file, Map.of(), Map.of());
        String dataDir = config.get(TastestreamConfig.DATA_DIR);
        String catalogDir = config.get(TastestreamConfig.CATALOG_DIR);
        for (Pod pod : pods()) {
            Set<String> volumes = new HashSet<>();
            for (JsonNode v : pod.spec().path("volumes")) {
                volumes.add(v.path("name").asText());
                if (v.has("persistentVolumeClaim")) {
                    assertThat(claims).as("claim of %s", pod.workload())
                            .contains(v.path("persistentVolumeClaim").path("claimName").asText());
                }
                if (v.has("configMap")) {
                    assertThat(configMaps).contains(v.path("configMap").path("name").asText());
                }
            }
            for (JsonNode container : pod.containers()) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    String name = mount.path("name").asText();
                    boolean fromTemplate = false;
                    for (JsonNode t : pod.spec().path("volumeClaimTemplates")) {
                        fromTemplate |= t.path("metadata").path("name").asText().equals(name);
                    }
                    assertThat(volumes.contains(name) || fromTemplate)
                            .as("volume %s mounted in %s", name, pod.workload()).isTrue();
                }
            }
            for (JsonNode container : pod.ours()) {
                List<String> mounts = strings(container.path("volumeMounts"), "mountPath");
                if (!pod.kind().equals("Job")) {
                    // long-running stages keep state (checkpoints, tokens, cursors, caches) under data.dir
                    assertThat(mounts).as("%s mounts data.dir", pod.workload()).contains(dataDir);
                    assertThat(mounts).as("%s mounts the settings", pod.workload()).contains("/etc/tastestream");
                }
                if (strings(container.path("args")).get(0).equals("serve")) {
                    assertThat(mounts).as("serving mounts the catalog").anyMatch(catalogDir::startsWith);
                }
            }
        }
    }

    @Test
    void servicesSelectPodsThatExposeTheirPorts() {
        List<JsonNode> services = docs.stream().filter(d -> d.path("kind").asText().equals("Service")).toList();
        assertThat(services).isNotEmpty();
        for (JsonNode service : services) {
            JsonNode selector = service.path("spec").path("selector");
            List<Pod> selected = pods().stream().filter(p -> {
                for (var it = selector.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!p.labels().path(e.getKey()).asText().equals(e.getValue().asText())) {
                        return false;
                    }
                }
                return true;
            }).toList();
            String name = service.path("metadata").path("name").asText();
            assertThat(selected).as("pods of service %s", name).hasSize(1);
            Set<String> ports = new HashSet<>();
            for (JsonNode c : selected.get(0).containers()) {
                for (JsonNode p : c.path("ports")) {
                    ports.add(p.path("name").asText());
                    ports.add(p.path("containerPort").asText());
                }
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                assertThat(ports).as("target port of service %s", name).contains(port.path("targetPort").asText());
            }
        }
    }

    @Test
    void theBrokerAdvertisesTheAddressTheSettingsUse(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("t.properties");
        Files.writeString(file, configMap("tastestream-config").path("data").path("tastestream.properties").asText());
        String bootstrap = TastestreamConfig.load(file, Map.of(), Map.of()).get(TastestreamConfig.KAFKA_BOOTSTRAP);
        JsonNode broker = docs.stream().filter(d -> d.path("kind").asText().equals("StatefulSet")
                && d.path("metadata").path("name").asText().equals("kafka")).findFirst().orElseThrow();
        String advertised = "";
        for (JsonNode env : broker.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            if (env.path("name").asText().equals("KAFKA_ADVERTISED_LISTENERS")) {
                advertised = env.path("value").asText();
            }
        }
        String podDns = broker.path("metadata").path("name").asText() + "-0."
                + broker.path("spec").path("serviceName").asText();
        assertThat(advertised).isEqualTo("PLAINTEXT://" + bootstrap);
        assertThat(bootstrap).startsWith(podDns + ":");
        assertThat(names("Service")).contains(broker.path("spec").path("serviceName").asText());
    }

    /** The options TasteJobMain and ServingMain share (and the only ones the manifests pass them). */
    @Command(name = "stage")
    static final class StageOptions {
        @Mixin
        ConfigOptions config;
    }

    private static ParseResult parse(CommandLine cli, List<String> args, JsonNode container) {
        ParseResult[] result = new ParseResult[1];
        assertThatCode(() -> result[0] = cli.parseArgs(args.toArray(String[]::new)))
                .as("container %s: %s", container.path("name").asText(), args).doesNotThrowAnyException();
        return result[0];
    }

    private static List<Pod> pods() {
        List<Pod> out = new ArrayList<>();
        for (JsonNode d : docs) {
            String kind = d.path("kind").asText();
            if (kind.equals("Deployment") || kind.equals("StatefulSet") || kind.equals("Job")) {
                JsonNode template = d.path("spec").path("template");
                JsonNode spec = template.path("spec").deepCopy();
                if (d.path("spec").has("volumeClaimTemplates")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                            .set("volumeClaimTemplates", d.path("spec").path("volumeClaimTemplates"));
                }
                out.add(new Pod(kind, d.path("metadata").path("name").asText(), spec, template.path("metadata")
                        .path("labels")));
            }
        }
        return out;
    }

    private static Set<String> names(String kind) {
        Set<String> out = new HashSet<>();
        docs.stream().filter(d -> d.path("kind").asText().equals(kind))
                .forEach(d -> out.add(d.path("metadata").path("name").asText()));
        return out;
    }

    private static JsonNode configMap(String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                && d.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
