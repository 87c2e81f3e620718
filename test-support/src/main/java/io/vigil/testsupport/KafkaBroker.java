package io.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.vigil.events.Topics;

/**
 * A real Kafka 4.1 broker in KRaft combined mode, as a child JVM running {@code kafka.Kafka} from the jars infra-dist
 * copied: the production broker, isolated from the test's classpath. Restartable on the same port and data, so tests
 * can take it away and bring it back.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private Process process;

    public KafkaBroker(int partitions) {
        this.dir = Procs.workDir("kafka");
        this.port = Procs.freePort();
        this.controllerPort = Procs.freePort();
        this.partitions = partitions;
    }

    public KafkaBroker start() {
        Path lib = Procs.infraDir().resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Kafka jars missing in " + lib + ": build infra-dist first");
        }
        Path config = dir.resolve("server.properties");
        Path log = dir.resolve("kafka.log");
        if (!Files.exists(config)) {
            writeConfig(config);
            Procs.run(List.of(Procs.javaBin(), "-cp", lib + "/*", "kafka.tools.StorageTool", "format",
                    "-t", "vigil-test-cluster-0001", "-c", config.toString()), dir, log, Duration.ofSeconds(60));
        }
        process = Procs.start(List.of(Procs.javaBin(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", lib + "/*", "kafka.Kafka", config.toString()), dir, Map.of(), log);
        Procs.awaitPort("Kafka broker", process, port, Duration.ofSeconds(60), log);
        return this;
    }

    public void stop() {
        Procs.stop(process, Duration.ofSeconds(30));
    }

    /**
     * Stops the broker and deletes its data, keeping its log and configuration for a look after a failure: a benchmark
     * run had left 1.3 GB of partitions behind, and they added up.
     */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // nothing to delete, or already gone
        }
    }

    /** The broker's JVM while it runs, e.g. for the CPU time a benchmark charges to it. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates Vigil's topics (and their dead-letter topics) the way production provisions them, if absent. */
    public KafkaBroker createVigilTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = new java.util.ArrayList<>();
            for (String topic : Topics.STREAMS) {
                topics.add(new NewTopic(topic, partitions, (short) 1));
                topics.add(new NewTopic(topic + Topics.DLQ_SUFFIX, 1, (short) 1));
            }
            topics.add(new NewTopic(Topics.USAGE, partitions, (short) 1));
            topics.add(new NewTopic(Topics.CONFIG, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topics in time", e);
        }
    }

    private void writeConfig(Path config) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", String.valueOf(partitions));
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Kafka Streams creates its own internal topics; everything else is provisioned explicitly
        p.setProperty("auto.create.topics.enable", "false");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "Vigil test broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
