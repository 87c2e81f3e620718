package io.vigil.alert.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.vigil.events.AlertEvent;

/** An alert event waiting to be relayed to Kafka; written in the same transaction as the change it describes. */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String alertId;
    public long alertVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public AlertEvent payload;
    public Instant createdAt;

    public static OutboxEntry of(AlertEvent event, Instant now) {
        OutboxEntry entry = new OutboxEntry();
        entry.alertId = event.alertId();
        entry.alertVersion = event.version();
        entry.payload = event;
        entry.createdAt = now;
        return entry;
    }
}
