package io.vigil.alert.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.AlertConfig;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertFilter;
import io.vigil.alert.domain.AlertSort;
import io.vigil.alert.domain.Keyset;
import io.vigil.alert.domain.Lifecycle;
import io.vigil.alert.repository.AlertRepository;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Principal;
import io.vigil.events.Severity;
import io.vigil.events.Vault;

/**
 * Reading alerts the way responders and dashboards ask: filtered lists with keyset pagination and totals,
 * statistics, the subscription's vaults and one vault's security view; and changing many alerts' status at once.
 * Tenancy is the caller's job (the subscription is always part of the query, never taken from a cursor).
 */
@ApplicationScoped
public class AlertQueryService {

    /** Largest page a list serves. */
    public static final int MAX_LIMIT = 200;
    /** Alerts a vault view reads for its touched secrets, newest first. */
    static final int VAULT_ALERTS = 300;
    static final int VAULT_SECRETS = 100;
    static final int SECRET_CALLERS = 10;
    static final int CALLER_ALERTS = 10;
    /** Alerts changed per round of a bulk change; the session is cleared between rounds to bound memory. */
    static final int BULK_CHUNK = 500;

    private final AlertRepository alerts;
    private final AlertService alertService;
    private final AlertCursors cursors;
    private final AlertConfig config;
    private final Clock clock = Clock.systemUTC();

    public AlertQueryService(AlertRepository alerts, AlertService alertService, AlertCursors cursors,
            AlertConfig config) {
        this.alerts = alerts;
        this.alertService = alertService;
        this.cursors = cursors;
        this.config = config;
    }

    /** Whether and how a list counts its matches. */
    public enum Total {
        /** Not counted. */
        NONE,
        /** Counted up to {@code vigil.alert.query.total-limit}. */
        BOUNDED,
        /** Every match counted, however many. */
        EXACT
    }

    /**
     * What to list.
     *
     * @param cursor the previous page's {@code next}, null for the first page
     * @param total how to count the matches (null: bounded on the first page, not on the others)
     */
    public record ListRequest(AlertFilter filter, AlertSort sort, boolean descending, int limit, String cursor,
            Total total) {
    }

    /**
     * @param total null when not counted
     * @param totalExact false when more alerts match than were counted ({@code total} is then the bound)
     * @param next null on the last page
     */
    public record Page(List<Alert> alerts, Long total, Boolean totalExact, String next) {
    }

    @WithSession
    public Uni<Page> list(String subscriptionId, ListRequest request) {
        String fingerprint = AlertCursors.fingerprint(subscriptionId, request.filter().canonical());
        Total counting = request.total() != null ? request.total()
                : request.cursor() == null ? Total.BOUNDED : Total.NONE;
        int bound = config.query().totalLimit();
        return cursors.ready().chain(() -> {
            Keyset after = request.cursor() == null ? null
                    : cursors.decode(request.cursor(), request.sort(), request.descending(), fingerprint);
            return alerts.page(subscriptionId, request.filter(), request.sort(), request.descending(), after,
                    request.limit() + 1);
        }).chain(rows -> {
            List<Alert> page = rows.size() > request.limit() ? rows.subList(0, request.limit()) : rows;
            String next = rows.size() > request.limit() ? cursors.encode(request.sort(), request.descending(),
                    fingerprint, Keyset.of(page.get(page.size() - 1), request.sort())) : null;
            if (counting == Total.NONE) {
                return Uni.createFrom().item(new Page(List.copyOf(page), null, null, next));
            }
            // counting one more than the bound tells whether there are more
            return alerts.count(subscriptionId, request.filter(), counting == Total.EXACT ? null : bound + 1)
                    .map(n -> counting == Total.BOUNDED && n > bound
                            ? new Page(List.copyOf(page), (long) bound, false, next)
                            : new Page(List.copyOf(page), n, true, next));
        });
    }

    // ---- statistics ----

    public record DayCount(LocalDate day, long count) {
    }

    public record Statistics(Instant from, Instant to, long total, Map<Severity, Long> bySeverity,
            Map<AlertType, Long> byType, Map<AlertStatus, Long> byStatus, List<DayCount> byDay) {
    }

    /** Counts of the alerts with activity in [from, to) that match the filter; days are UTC days of lastSeen. */
    @WithSession
    public Uni<Statistics> statistics(String subscriptionId, AlertFilter filter) {
        return alerts.statistics(subscriptionId, filter).map(rows -> {
            Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
            Map<AlertStatus, Long> byStatus = new EnumMap<>(AlertStatus.class);
            for (AlertStatus status : AlertStatus.values()) {
                byStatus.put(status, 0L);
            }
            Map<AlertType, Long> types = new EnumMap<>(AlertType.class);
            Map<LocalDate, Long> days = new TreeMap<>();
            long total = 0;
            for (Object[] row : rows) {
                long n = ((Number) row[4]).longValue();
                if (row[0] != null) {
                    bySeverity.put(Severity.values()[((Number) row[0]).intValue()], n);
                    total += n;
                } else if (row[1] != null) {
                    types.put(AlertType.valueOf((String) row[1]), n);
                } else if (row[2] != null) {
                    byStatus.put(AlertStatus.valueOf((String) row[2]), n);
                } else if (row[3] != null) {
                    days.put(LocalDate.parse((String) row[3]), n);
                }
            }
            Map<AlertType, Long> byType = new LinkedHashMap<>();
            types.entrySet().stream().sorted(Map.Entry.<AlertType, Long>comparingByValue().reversed())
                    .forEach(e -> byType.put(e.getKey(), e.getValue()));
            // every day of the range, the quiet ones as 0, so a chart needs no gap filling
            List<DayCount> byDay = new ArrayList<>();
            LocalDate last = filter.to().minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
            for (LocalDate day = filter.from().atZone(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last);
                    day = day.plusDays(1)) {
                byDay.add(new DayCount(day, days.getOrDefault(day, 0L)));
            }
            return new Statistics(filter.from(), filter.to(), total, descending(bySeverity), byType, byStatus, byDay);
        });
    }

    // ---- vaults ----

    public record OpenAlerts(long total, Map<Severity, Long> bySeverity) {

        static OpenAlerts of(long high, long medium, long low, long informational) {
            Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
            bySeverity.put(Severity.HIGH, high);
            bySeverity.put(Severity.MEDIUM, medium);
            bySeverity.put(Severity.LOW, low);
            bySeverity.put(Severity.INFORMATIONAL, informational);
            return new OpenAlerts(high + medium + low + informational, descending(bySeverity));
        }
    }

    public record VaultSummary(Vault vault, OpenAlerts open, Instant lastAlertAt) {
    }

    /** The subscription's vaults that have alerts, with their open alerts by severity; most open alerts first. */
    @WithSession
    public Uni<List<VaultSummary>> vaults(String subscriptionId) {
        return alerts.vaults(subscriptionId).map(rows -> rows.stream().map(row -> new VaultSummary(
                new Vault((String) row[0], (String) row[1]),
                OpenAlerts.of(number(row[4]), number(row[5]), number(row[6]), number(row[7])),
                instant(row[2]))).toList());
    }

    /**
     * One caller that touched a secret, as the alerts tell it.
     *
     * @param ip the caller's client address in the alert (its latest detection's)
     * @param alertIds some of the alerts that reported it, newest first
     */
    public record Caller(Principal principal, String ip, boolean tor, boolean threatListed, List<AlertType> alertTypes,
            List<String> alertIds, Instant firstTouched, Instant lastTouched, long accesses) {
    }

    /** A secret, key or certificate that suspicious callers touched, with who touched it when. */
    public record TouchedSecret(String id, String name, List<String> operations, Instant firstTouched,
            Instant lastTouched, long accesses, List<Caller> callers) {
    }

    /**
     * @param since the start of the period the secrets were read from
     * @param alertsConsidered how many alerts the touched secrets come from
     * @param truncated more alerts of the period exist than were read (the oldest were left out)
     */
    public record VaultSecurity(Vault vault, OpenAlerts open, List<Alert> recentAlerts,
            List<TouchedSecret> touchedSecrets, Instant since, int alertsConsidered, boolean truncated) {
    }

    /**
     * A vault's security page: its open alerts by severity, its most recent alerts, and the secrets touched by the
     * callers of its alerts of the last {@code days} days (those not dismissed as false positives), with who touched
     * each and when. {@code vault} is the vault's name (without case) or its id; null when no alert names it. A name
     * that several vaults share (one per cluster, account or region) fails with a 409 that lists their ids: a page of
     * the wrong vault would mislead a responder.
     */
    @WithSession
    public Uni<VaultSecurity> vaultSecurity(String subscriptionId, String vault, int days, int recent) {
        Instant since = clock.instant().minus(Duration.ofDays(days));
        return alerts.vaultIdsNamed(subscriptionId, vault).chain(named -> {
            if (named.size() > 1) {
                return Uni.createFrom().failure(ambiguousVault(vault, named));
            }
            return alerts.latestOfVault(subscriptionId, named.isEmpty() ? vault : named.get(0));
        }).chain(latest -> {
            if (latest == null) {
                return Uni.createFrom().nullItem();
            }
            String vaultId = latest.vaultId;
            Vault identity = new Vault(latest.vaultId, latest.vaultName);
            return alerts.openBySeverity(subscriptionId, vaultId).chain(open -> {
                long[] bySeverity = new long[Severity.values().length];
                open.forEach(row -> bySeverity[((Number) row[0]).intValue()] = number(row[1]));
                OpenAlerts openAlerts = OpenAlerts.of(bySeverity[Severity.HIGH.ordinal()],
                        bySeverity[Severity.MEDIUM.ordinal()], bySeverity[Severity.LOW.ordinal()],
                        bySeverity[Severity.INFORMATIONAL.ordinal()]);
                return alerts.ofVault(subscriptionId, vaultId, null, List.of(), recent)
                        .chain(recentAlerts -> alerts.ofVault(subscriptionId, vaultId, since,
                                List.of(AlertStatus.DISMISSED), VAULT_ALERTS + 1)
                                .map(suspicious -> {
                                    boolean truncated = suspicious.size() > VAULT_ALERTS;
                                    List<Alert> read = truncated ? suspicious.subList(0, VAULT_ALERTS) : suspicious;
                                    return new VaultSecurity(identity, openAlerts, List.copyOf(recentAlerts),
                                            touchedSecrets(read), since, read.size(), truncated);
                                }));
            });
        });
    }

    /** Secrets by last touch, newest first; per secret its callers by last touch. */
    static List<TouchedSecret> touchedSecrets(List<Alert> newestFirst) {
        Map<String, SecretTally> secrets = new LinkedHashMap<>();
        for (Alert alert : newestFirst) {
            List<AccessedObject> objects = alert.details.objects();
            if (objects == null) {
                continue;
            }
            for (AccessedObject object : objects) {
                String key = object.id() != null ? object.id() : object.name();
                if (key == null) {
                    continue;
                }
                secrets.computeIfAbsent(key, k -> new SecretTally(object.id(), object.name())).add(alert, object);
            }
        }
        return secrets.values().stream().sorted(Comparator.comparing((SecretTally s) -> s.last,
                Comparator.nullsLast(Comparator.reverseOrder()))).limit(VAULT_SECRETS).map(SecretTally::view).toList();
    }

    private static final class SecretTally {
        final String id;
        final String name;
        final TreeSet<String> operations = new TreeSet<>();
        final Map<String, CallerTally> callers = new LinkedHashMap<>();
        Instant first;
        Instant last;
        long accesses;

        SecretTally(String id, String name) {
            this.id = id;
            this.name = name;
        }

        void add(Alert alert, AccessedObject object) {
            accesses++;
            if (object.operation() != null) {
                operations.add(object.operation());
            }
            first = earliest(first, object.time());
            last = latest(last, object.time());
            Principal principal = alert.details.principal();
            String ip = alert.details.client() == null ? null : alert.details.client().ip();
            String key = (principal == null ? "" : principal.objectId() + "|" + principal.upn() + "|"
                    + principal.appId()) + "|" + ip;
            callers.computeIfAbsent(key, k -> new CallerTally(principal, ip)).add(alert, object);
        }

        TouchedSecret view() {
            return new TouchedSecret(id, name, List.copyOf(operations), first, last, accesses,
                    callers.values().stream().sorted(Comparator.comparing((CallerTally c) -> c.last,
                            Comparator.nullsLast(Comparator.reverseOrder()))).limit(SECRET_CALLERS)
                            .map(CallerTally::view).toList());
        }
    }

    private static final class CallerTally {
        final Principal principal;
        final String ip;
        final TreeSet<AlertType> types = new TreeSet<>();
        final List<String> alertIds = new ArrayList<>();
        boolean tor;
        boolean threatListed;
        Instant first;
        Instant last;
        long accesses;

        CallerTally(Principal principal, String ip) {
            this.principal = principal;
            this.ip = ip;
        }

        void add(Alert alert, AccessedObject object) {
            accesses++;
            types.add(alert.alertType);
            if (!alertIds.contains(alert.id) && alertIds.size() < CALLER_ALERTS) {
                alertIds.add(alert.id);
            }
            if (alert.details.ip() != null) {
                tor |= alert.details.ip().tor();
                threatListed |= !alert.details.ip().threatLists().isEmpty();
            }
            first = earliest(first, object.time());
            last = latest(last, object.time());
        }

        Caller view() {
            return new Caller(principal, ip, tor, threatListed, List.copyOf(types), List.copyOf(alertIds), first,
                    last, accesses);
        }
    }

    // ---- bulk status change ----

    /**
     * @param matched the alerts the filter matched (counted when the change began)
     * @param changed the alerts changed (with dryRun: that would change)
     * @param skipped matched alerts whose status cannot become the target (already in it, or not allowed)
     * @param remaining alerts that could change but were left for another call by the per-call bound
     */
    public record BulkResult(long matched, long changed, long skipped, Map<AlertStatus, Long> skippedByStatus,
            long remaining, int limit, boolean dryRun) {
    }

    /**
     * Moves every alert the filter matches whose lifecycle allows it to {@code to}, each exactly as a single change
     * (history entry, new version, outbox event), in one transaction, at most {@code vigil.alert.bulk.max-alerts}
     * per call (in id order). Alerts whose status cannot become {@code to} are skipped and counted.
     */
    @WithTransaction
    public Uni<BulkResult> changeStatus(String subscriptionId, AlertFilter filter, AlertStatus to, String comment,
            String actor, boolean dryRun) {
        int limit = config.bulk().maxAlerts();
        return alerts.countByStatus(subscriptionId, filter).chain(rows -> {
            Map<AlertStatus, Long> skippedByStatus = new EnumMap<>(AlertStatus.class);
            List<AlertStatus> eligible = new ArrayList<>();
            long matched = 0;
            long eligibleCount = 0;
            for (Object[] row : rows) {
                AlertStatus status = AlertStatus.valueOf((String) row[0]);
                long n = number(row[1]);
                matched += n;
                if (Lifecycle.allows(status, to)) {
                    eligible.add(status);
                    eligibleCount += n;
                } else {
                    skippedByStatus.put(status, n);
                }
            }
            long skipped = matched - eligibleCount;
            long total = matched;
            long candidates = eligibleCount;
            long wouldChange = Math.min(eligibleCount, limit);
            if (dryRun || eligible.isEmpty()) {
                return Uni.createFrom().item(new BulkResult(total, dryRun ? wouldChange : 0, skipped,
                        skippedByStatus, eligibleCount - (dryRun ? wouldChange : 0), limit, dryRun));
            }
            Instant now = clock.instant();
            long[] changed = {0};
            return changeRound(subscriptionId, filter, eligible, to, comment, actor, now, null, limit, changed)
                    .map(ignored -> new BulkResult(total, changed[0], skipped, skippedByStatus,
                            Math.max(0, candidates - changed[0]), limit, false));
        });
    }

    private Uni<Void> changeRound(String subscriptionId, AlertFilter filter, List<AlertStatus> eligible,
            AlertStatus to, String comment, String actor, Instant now, String afterId, int limit, long[] changed) {
        int size = (int) Math.min(BULK_CHUNK, limit - changed[0]);
        if (size <= 0) {
            return Uni.createFrom().voidItem();
        }
        return alerts.lockEligible(subscriptionId, filter, eligible, afterId, size).chain(locked -> {
            if (locked.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String last = locked.get(locked.size() - 1).id;
            List<AlertService.StatusChange> round = new ArrayList<>();
            for (Alert alert : locked) {
                round.add(alertService.transition(alert, to, comment, actor, now));
            }
            changed[0] += locked.size();
            return alertService.write(round)
                    // written and forgotten: memory stays bounded by one round however many alerts change
                    .chain(() -> alerts.getSession().invoke(session -> session.clear()))
                    .chain(() -> locked.size() < size ? Uni.createFrom().voidItem()
                            : changeRound(subscriptionId, filter, eligible, to, comment, actor, now, last, limit,
                                    changed));
        });
    }

    // ----

    static Map<Severity, Long> descending(Map<Severity, Long> bySeverity) {
        Map<Severity, Long> ordered = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            ordered.put(Severity.values()[i], bySeverity.getOrDefault(Severity.values()[i], 0L));
        }
        return ordered;
    }

    private static ProblemException ambiguousVault(String name, List<String> vaultIds) {
        return new ProblemException(409, "ambiguous-vault", "Several vaults have this name",
                vaultIds.size() + " vaults are named '" + name + "'; ask for one by its id (URL-encoded): "
                        + String.join(", ", vaultIds.subList(0, Math.min(10, vaultIds.size())))
                        + (vaultIds.size() > 10 ? ", …" : ""));
    }

    public static ProblemException vaultNotFound(String subscriptionId, String vault) {
        return new ProblemException(404, "vault-not-found", "Vault not found",
                "No alert of subscription '" + subscriptionId + "' names a vault '" + vault + "'");
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
