package io.vigil.alert.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.AlertDetection;

@ApplicationScoped
public class AlertDetectionRepository implements PanacheRepositoryBase<AlertDetection, String> {

    private static final int ROWS_PER_INSERT = 1000;

    /** The ids of these detections already folded. */
    public Uni<List<String>> seen(List<String> detectionIds) {
        return getSession().chain(session -> session.createNativeQuery(
                "SELECT detection_id FROM alert_detection WHERE detection_id IN (:ids)", String.class)
                .setParameter("ids", detectionIds).getResultList());
    }

    /** Records folded detections with one multi-row INSERT per thousand (one round trip instead of one each). */
    public Uni<Void> insertAll(List<AlertDetection> detections) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AlertDetection> first = detections.subList(0, Math.min(detections.size(), ROWS_PER_INSERT));
        StringBuilder sql = new StringBuilder("INSERT INTO alert_detection (detection_id, alert_id, received_at) VALUES ");
        for (int i = 0; i < first.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:d").append(i).append(", :a").append(i).append(", :t").append(i)
                    .append(')');
        }
        return getSession().chain(session -> {
            var insert = session.createNativeQuery(sql.toString());
            for (int i = 0; i < first.size(); i++) {
                AlertDetection detection = first.get(i);
                insert.setParameter("d" + i, detection.detectionId).setParameter("a" + i, detection.alertId)
                        .setParameter("t" + i, detection.receivedAt);
            }
            return insert.executeUpdate();
        }).chain(() -> insertAll(detections.subList(first.size(), detections.size())));
    }
}
