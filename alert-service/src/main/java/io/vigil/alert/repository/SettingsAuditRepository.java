package io.vigil.alert.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.vigil.alert.domain.SettingsAudit;

@ApplicationScoped
public class SettingsAuditRepository implements PanacheRepository<SettingsAudit> {
}
