package io.vigil.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vigil.events.Topics;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.format.Payloads;

/**
 * OCSF Detection Findings to Kafka, keyed by alert id (so every version of one alert lands on one partition, in
 * order), with the {@code vigil-event-id} header: to the service-wide export topic and to subscriptions' own
 * {@code KAFKA_OCSF} destinations (target = topic). An idempotent producer with {@code acks=all}; a send counts as
 * done when the broker acknowledged it. The service creates its export topic at startup when it is missing
 * (with as many partitions as the alerts topic); destination topics must exist.
 */
@ApplicationScoped
public class KafkaChannel implements Channel {

    public static final String EVENT_ID_HEADER = "vigil-event-id";

    private final Destinations destinations;
    private final Payloads payloads;
    private final NotificationConfig.Ocsf ocsf;
    private final String bootstrapServers;
    private volatile KafkaProducer<String, String> producer;

    public KafkaChannel(Destinations destinations, Payloads payloads, NotificationConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.destinations = destinations;
        this.payloads = payloads;
        this.ocsf = config.export().ocsf();
        this.bootstrapServers = bootstrapServers;
    }

    void createExportTopic(@Observes StartupEvent event) {
        if (!ocsf.enabled()) {
            return;
        }
        Thread thread = new Thread(this::ensureTopic, "vigil-ocsf-topic");
        thread.setDaemon(true);
        thread.start();
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000))) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(ocsf.topic())) {
                return;
            }
            int partitions = ocsf.partitions().orElseGet(() -> {
                try {
                    TopicDescription alerts = admin.describeTopics(List.of(Topics.ALERTS)).allTopicNames()
                            .get(30, TimeUnit.SECONDS).get(Topics.ALERTS);
                    return alerts.partitions().size();
                } catch (Exception e) {
                    return 1;
                }
            });
            admin.createTopics(List.of(new NewTopic(ocsf.topic(), partitions, (short) -1))).all()
                    .get(30, TimeUnit.SECONDS);
            Log.infof("Created the OCSF export topic %s (%d partitions)", ocsf.topic(), partitions);
        } catch (Exception e) {
            if (e.getCause() instanceof TopicExistsException) {
                return;
            }
            Log.warnf("Could not make sure the OCSF export topic %s exists (%s); exports to it are retried",
                    ocsf.topic(), e.toString());
        }
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            current.close(java.time.Duration.ofSeconds(5));
        }
    }

    @Override
    public Set<String> names() {
        return Set.of(Channels.KAFKA, Channels.OCSF);
    }

    @Override
    public Uni<Void> send(Attempt attempt) {
        String topic = Channels.OCSF.equals(attempt.channel()) ? attempt.recipient()
                : destinationTopic(attempt);
        String value = new String(payloads.bytes(payloads.ocsf(attempt.alert(), false)), StandardCharsets.UTF_8);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, attempt.alertId(), value);
        record.headers().add(EVENT_ID_HEADER, Payloads.eventId(attempt.alert()).getBytes(StandardCharsets.UTF_8));
        return Uni.createFrom().<Void>emitter(emitter -> {
            try {
                producer().send(record, (metadata, error) -> {
                    if (error == null) {
                        emitter.complete(null);
                    } else {
                        emitter.fail(DeliveryFailure.retry("Kafka topic " + topic + ": " + error.getMessage()));
                    }
                });
            } catch (RuntimeException e) {
                emitter.fail(DeliveryFailure.retry("Kafka topic " + topic + ": " + e.getMessage()));
            }
        })
                // send() blocks while it waits for the topic's metadata
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * A subscription's topic; never one of Vigil's own (a tenant admin must not be able to write into the alerts or
     * settings topics), apart from {@code vigil.export.*}.
     */
    private String destinationTopic(Attempt attempt) {
        String topic = destinations.of(attempt).target().trim();
        if (topic.startsWith("vigil.") && !topic.startsWith("vigil.export.")) {
            throw DeliveryFailure.permanent("Topic '" + topic + "' is reserved for Vigil itself");
        }
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw DeliveryFailure.permanent("'" + topic + "' is not a valid Kafka topic name");
        }
        return topic;
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties p = new Properties();
                    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-notification-ocsf-export");
                    p.put(ProducerConfig.ACKS_CONFIG, "all");
                    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
                    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
                    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
                    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    producer = new KafkaProducer<>(p);
                }
                current = producer;
            }
        }
        return current;
    }
}
