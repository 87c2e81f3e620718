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

    /** Writes entries with one multi-row INSERT per thousand, in list order. */
    public Uni<Void> insertAll(List<AlertHistory> entries) {
        return MultiRowInsert.insert(getSession(), "alert_history", List.of("alert_id", "at", "actor", "from_status",
                "to_status", "comment"), List.of("%s", "%s", "%s", "%s", "%s", "CAST(%s AS text)"), entries,
                h -> new Object[] {h.alertId, h.at, h.actor, h.fromStatus.name(), h.toStatus.name(), h.comment});
    }
}
