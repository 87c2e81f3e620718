package io.vigil.alert.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.vigil.events.AlertStatus;

/** One status change of an alert: the audit trail a responder's decision leaves. */
@Entity
@Table(name = "alert_history")
public class AlertHistory {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String alertId;
    public Instant at;
    public String actor;
    @Enumerated(EnumType.STRING)
    public AlertStatus fromStatus;
    @Enumerated(EnumType.STRING)
    public AlertStatus toStatus;
    public String comment;
}
