package io.vigil.alert.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.AlertDetection;

@ApplicationScoped
public class AlertDetectionRepository implements PanacheRepositoryBase<AlertDetection, String> {

    /** The ids of these detections already folded. */
    public Uni<List<String>> seen(List<String> detectionIds) {
        return getSession().chain(session -> session.createNativeQuery(
                "SELECT detection_id FROM alert_detection WHERE detection_id IN (:ids)", String.class)
                .setParameter("ids", detectionIds).getResultList());
    }

    /** Records folded detections with one multi-row INSERT per thousand. */
    public Uni<Void> insertAll(List<AlertDetection> detections) {
        return MultiRowInsert.insert(getSession(), "alert_detection", List.of("detection_id", "alert_id",
                "received_at"), List.of("%s", "%s", "%s"), detections,
                d -> new Object[] {d.detectionId, d.alertId, d.receivedAt});
    }
}
