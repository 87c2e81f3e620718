package io.vigil.alert.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Remembers which detection was folded into which alert, so a redelivered detection changes nothing. */
@Entity
@Table(name = "alert_detection")
public class AlertDetection {

    @Id
    public String detectionId;
    public String alertId;
    public Instant receivedAt;

    public AlertDetection() {
    }

    public AlertDetection(String detectionId, String alertId, Instant receivedAt) {
        this.detectionId = detectionId;
        this.alertId = alertId;
        this.receivedAt = receivedAt;
    }
}
