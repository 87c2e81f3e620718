package io.vigil.notification.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One notification to one recipient about one alert, claimed before it is sent. */
@Entity
@Table(name = "delivery")
public class Delivery {

    public enum Status {
        CLAIMED, SENT
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String alertId;
    public long alertVersion;
    public String subscriptionId;
    public String channel;
    public String recipient;
    @Enumerated(EnumType.STRING)
    public Status status;
    public Instant claimedAt;
    public Instant sentAt;
}
