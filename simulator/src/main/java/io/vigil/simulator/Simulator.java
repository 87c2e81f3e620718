package io.vigil.simulator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;

import io.vigil.events.AccessEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulator generate|evaluate}: see simulator/README.md. */
@Command(name = "simulator", mixinStandardHelpOptions = true, subcommands = {Simulator.Generate.class,
    Simulator.Evaluate.class}, description = "Seeded traffic with labelled attacks, and the detection quality on it.")
public final class Simulator implements Runnable {

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.exit(new CommandLine(new Simulator()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The scenario's shape; the same options always generate the same events and labels. */
    static final class ScenarioOptions {
        @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--days", defaultValue = "30", description = "days of event time (default ${DEFAULT-VALUE})")
        int days;
        @Option(names = "--vaults", defaultValue = "50", description = "vaults (default ${DEFAULT-VALUE})")
        int vaults;
        @Option(names = "--principals", defaultValue = "500", description = "principals (default ${DEFAULT-VALUE})")
        int principals;
        @Option(names = "--attacks-per-type", defaultValue = "5",
                description = "labelled attacks per alert type, after learning (default ${DEFAULT-VALUE})")
        int attacksPerType;
        @Option(names = "--learning-days", defaultValue = "7",
                description = "detection's learning period; attacks come after it (default ${DEFAULT-VALUE})")
        int learningDays;
        @Option(names = "--start", defaultValue = "2026-09-07T00:00:00Z",
                description = "first midnight of event time, UTC (default ${DEFAULT-VALUE}, a Monday)")
        Instant start;

        ScenarioSpec spec() {
            return new ScenarioSpec(seed, days, vaults, principals, attacksPerType, learningDays, start);
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Writes events (canonical or a vendor format) and labels, or posts them to ingest.")
    static final class Generate implements Callable<Integer> {
        @Mixin
        ScenarioOptions scenario;
        @Option(names = "--out", defaultValue = "scenario", description = "output directory (default ${DEFAULT-VALUE})")
        Path out;
        @Option(names = "--format", defaultValue = "vigil",
                description = "vigil, azure-keyvault, hashicorp-vault or aws-cloudtrail (default ${DEFAULT-VALUE})")
        String format;
        @Option(names = "--post", description = "ingest base URL, e.g. http://localhost:8081: post instead of writing events")
        String post;
        @Option(names = "--token", description = "bearer token for --post (role vigil-ingest)")
        String token;
        @Option(names = "--token-file", description = "file holding the bearer token, so it stays out of the process list")
        Path tokenFile;
        @Option(names = "--rate", defaultValue = "2000", description = "events per second when posting (default ${DEFAULT-VALUE})")
        int rate;
        @Option(names = "--batch", defaultValue = "500", description = "records per request when posting (default ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Integer call() throws Exception {
            Scenario s = new Scenario(scenario.spec());
            VendorFormat vendor = VendorFormat.of(format);
            Files.createDirectories(out);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("labels.json").toFile(), s.labels());
            ThreatLists.write(s, out);
            long[] count = new long[1];
            if (post != null) {
                String bearer = tokenFile != null ? Files.readString(tokenFile).trim() : token;
                if (bearer == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--post needs --token or --token-file");
                }
                try (Poster poster = new Poster(post, bearer, vendor, rate, batch)) {
                    s.forEach(d -> {
                        poster.add(d.event());
                        count[0]++;
                    });
                }
                System.out.printf("posted %,d events to %s; labels in %s%n", count[0], post, out.resolve("labels.json"));
            } else {
                Path events = out.resolve("events." + vendor.name + ".jsonl");
                try (BufferedWriter writer = Files.newBufferedWriter(events)) {
                    s.forEach(d -> {
                        try {
                            writer.write(vendor.line(d.event()));
                            writer.newLine();
                            count[0]++;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                System.out.printf("wrote %,d events to %s and %d labels to %s%n", count[0], events,
                        s.labels().size(), out.resolve("labels.json"));
            }
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Replays a scenario through the production detection topology and prints recall, precision "
                    + "and false alerts per alert type.")
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        ScenarioOptions scenario;
        @Option(names = "--events", description = "canonical events (JSON lines, arrival order) instead of generating")
        Path events;
        @Option(names = "--labels", description = "labels.json for --events")
        Path labels;
        @Option(names = "--set", description = "detection setting override, e.g. --set cooldown=PT2H (key without vigil.detection.)")
        Map<String, String> overrides = new TreeMap<>();
        @Option(names = "--threads", description = "topologies run in parallel, one per subscription (default: cores)")
        int threads = Runtime.getRuntime().availableProcessors();
        @Option(names = "--show-false", defaultValue = "20", description = "false alerts and missed attacks to list (default ${DEFAULT-VALUE})")
        int show;

        @Override
        public Integer call() throws Exception {
            Evaluation.Result result;
            if (events != null) {
                if (labels == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--events needs --labels");
                }
                List<Attack> attacks = Json.MAPPER.readValue(labels.toFile(), new TypeReference<List<Attack>>() { });
                Set<String> attackIds = new HashSet<>();
                attacks.forEach(a -> attackIds.addAll(a.eventIds()));
                Consumer<Consumer<Scenario.Delivered>> replay = sink -> {
                    try (BufferedReader reader = Files.newBufferedReader(events)) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            if (!line.isBlank()) {
                                AccessEvent event = Json.MAPPER.readValue(line, AccessEvent.class);
                                sink.accept(new Scenario.Delivered(event, event.time(), attackIds.contains(event.eventId())));
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                result = Evaluation.run(replay, attacks, overrides);
                System.out.printf("scenario from %s%n", events);
            } else {
                ScenarioSpec spec = scenario.spec();
                result = Evaluation.run(new Scenario(spec), overrides, threads);
                System.out.printf("seed %d: %d days, %d vaults, %d principals, %d attacks per type%n", spec.seed(),
                        spec.days(), spec.vaults(), spec.principals(), spec.attacksPerType());
            }
            System.out.print(Evaluation.table(result));
            result.counters().entrySet().stream().filter(e -> e.getKey().contains("held"))
                    .forEach(e -> System.out.printf("  %s = %.0f%n", e.getKey(), e.getValue()));
            result.falseAlerts().stream().limit(show).forEach(d -> System.out.printf("  false: %s %s %s%n",
                    d.firstSeen(), d.alertType(), d.evidence().summary()));
            result.missed().stream().limit(show).forEach(a -> System.out.printf("  missed: %s %s %s on %s: %s%n",
                    a.attackId(), a.start(), a.principalLabel(), a.vaults(), a.description()));
            return 0;
        }
    }
}
