package io.vigil.notification.settings;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vigil.events.SubscriptionConfig;
import io.vigil.notification.config.NotificationConfig;

/**
 * Reads the compacted config topic from its beginning into {@link SubscriptionSettings}, then follows it. Every
 * instance needs every subscription's settings, so the consumer is assigned all partitions (no group, no commits);
 * a restart reads the topic again, which compaction keeps at one record per subscription. Alerts wait (a bounded
 * time) until the records that existed at startup are read, so none is sent to yesterday's recipients.
 */
@ApplicationScoped
public class SettingsFeed {

    private final SubscriptionSettings settings;
    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private final String topic;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public SettingsFeed(SubscriptionSettings settings, ObjectMapper mapper, NotificationConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.settings = settings;
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
        this.topic = config.settings().topic();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "vigil-settings-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties())) {
                consumer = kafka;
                follow(kafka);
                backoff = Duration.ofMillis(500);
            } catch (WakeupException e) {
                // shutting down
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                Log.warnf("Reading the settings topic %s failed (%s); retrying in %s", topic, e.toString(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, String> kafka) {
        List<TopicPartition> partitions = partitions(kafka);
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = settings.isLoaded() ? Map.of() : new HashMap<>(kafka.endOffsets(partitions));
        int applied = 0;
        while (running) {
            for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                apply(record);
                applied++;
            }
            if (!settings.isLoaded() && caughtUp(kafka, end)) {
                settings.markLoaded();
                Log.infof("Settings of the config topic %s loaded (%d records)", topic, applied);
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, String> kafka, Map<TopicPartition, Long> end) {
        for (var entry : end.entrySet()) {
            if (kafka.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> kafka) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    void apply(ConsumerRecord<String, String> record) {
        String key = record.key();
        if (record.value() == null) {
            if (key != null) {
                settings.remove(key);
                Log.infof("Subscription %s: settings removed, fallback recipients apply", key);
            }
            return;
        }
        try {
            SubscriptionConfig config = mapper.readValue(record.value(), SubscriptionConfig.class);
            if (config.subscriptionId() == null) {
                Log.warnf("Ignored a settings record without subscription id (key %s, offset %d)", key,
                        record.offset());
                return;
            }
            settings.put(config);
            Log.infof("Subscription %s: notifications %s (minimum %s, %d addresses, roles %s), %d export "
                    + "destinations", config.subscriptionId(), config.notifications().enabled() ? "on" : "off",
                    config.notifications().minimumSeverity(), config.notifications().emails().size(),
                    config.notifications().roles(), config.exports().size());
        } catch (Exception e) {
            // the previous settings stay: better the last good ones than the defaults
            Log.warnf("Ignored an unreadable settings record for %s at offset %d: %s", key, record.offset(),
                    e.getMessage());
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-notification-settings-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
