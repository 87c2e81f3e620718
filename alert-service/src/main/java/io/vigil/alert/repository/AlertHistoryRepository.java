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

    private static final int ROWS_PER_INSERT = 1000;

    /** Writes entries with one multi-row INSERT per thousand (one round trip instead of one each), in list order. */
    public Uni<Void> insertAll(List<AlertHistory> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AlertHistory> first = entries.subList(0, Math.min(entries.size(), ROWS_PER_INSERT));
        StringBuilder sql = new StringBuilder(
                "INSERT INTO alert_history (alert_id, at, actor, from_status, to_status, comment) VALUES ");
        for (int i = 0; i < first.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:a").append(i).append(", :t").append(i).append(", :u").append(i)
                    .append(", :f").append(i).append(", :s").append(i).append(", CAST(:c").append(i)
                    .append(" AS text))");
        }
        return getSession().chain(session -> {
            var insert = session.createNativeQuery(sql.toString());
            for (int i = 0; i < first.size(); i++) {
                AlertHistory entry = first.get(i);
                insert.setParameter("a" + i, entry.alertId).setParameter("t" + i, entry.at)
                        .setParameter("u" + i, entry.actor).setParameter("f" + i, entry.fromStatus.name())
                        .setParameter("s" + i, entry.toStatus.name()).setParameter("c" + i, entry.comment);
            }
            return insert.executeUpdate();
        }).chain(() -> insertAll(entries.subList(first.size(), entries.size())));
    }
}
