package io.vigil.alert.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.vigil.alert.domain.AlertDetection;

@ApplicationScoped
public class AlertDetectionRepository implements PanacheRepositoryBase<AlertDetection, String> {
}
