package io.vigil.alert.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One change of a subscription's settings: who, when, which section, and all settings before and after. */
@Entity
@Table(name = "settings_audit")
public class SettingsAudit {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String subscriptionId;
    public Instant at;
    public String actor;
    /** {@code settings} for the whole document, else the section's path: {@code notifications}, {@code exports}... */
    public String section;
    /** The version the change produced. */
    public long version;
    @JdbcTypeCode(SqlTypes.JSON)
    public SettingsSnapshot before;
    @JdbcTypeCode(SqlTypes.JSON)
    public SettingsSnapshot after;
}
