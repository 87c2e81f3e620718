package io.vigil.alert.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.AlertHistory;

@ApplicationScoped
public class AlertHistoryRepository implements PanacheRepository<AlertHistory> {

    public Uni<List<AlertHistory>> ofAlert(String alertId) {
        return list("alertId", Sort.ascending("at", "id"), alertId);
    }
}
