package io.vigil.alert.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.repository.UsageRepository;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.Usage;

/** Metered transactions per subscription and hour, as detection-service counted them. */
@ApplicationScoped
public class UsageService {

    /** Longest range served: a month of hours, or a year and a day of days. */
    static final Duration MAX_HOURLY = Duration.ofDays(31);
    static final Duration MAX_DAILY = Duration.ofDays(366);

    public enum Granularity {
        HOUR, DAY
    }

    /** A series over [from, to) with its total. */
    public record Series(String subscriptionId, Instant from, Instant to, Granularity granularity, long total,
            List<UsageRepository.Bucket> buckets) {
    }

    private final UsageRepository usage;
    private final Clock clock;

    public UsageService(UsageRepository usage) {
        this.usage = usage;
        this.clock = Clock.systemUTC();
    }

    public Uni<Boolean> record(Usage record) {
        return usage.store(record, clock.instant());
    }

    /**
     * {@code to} defaults to the end of the current hour and {@code from} to 7 days (hourly) or 30 days (daily)
     * before it; both are truncated to the bucket (UTC hours, UTC days), so a bucket is never cut in two.
     */
    public Uni<Series> series(String subscriptionId, Instant from, Instant to, Granularity granularity) {
        ChronoUnit unit = granularity == Granularity.DAY ? ChronoUnit.DAYS : ChronoUnit.HOURS;
        Instant end = to != null ? ceil(to, unit) : ceil(clock.instant(), unit);
        Instant start = from != null ? from.truncatedTo(unit)
                : end.minus(granularity == Granularity.DAY ? Duration.ofDays(30) : Duration.ofDays(7));
        if (!start.isBefore(end)) {
            throw new ProblemException(400, "invalid-range", "Invalid range", "'from' must be before 'to'",
                    List.of(new Problem.Violation("from", "must be before 'to'")), null);
        }
        Duration max = granularity == Granularity.DAY ? MAX_DAILY : MAX_HOURLY;
        if (Duration.between(start, end).compareTo(max) > 0) {
            throw new ProblemException(400, "invalid-range", "Range too long", "At most " + max.toDays()
                    + " days per request at granularity " + granularity.name().toLowerCase(java.util.Locale.ROOT),
                    List.of(new Problem.Violation("from", "at most " + max.toDays() + " days before 'to'")), null);
        }
        return usage.series(subscriptionId, start, end, granularity == Granularity.DAY)
                .map(buckets -> new Series(subscriptionId, start, end, granularity,
                        buckets.stream().mapToLong(UsageRepository.Bucket::transactions).sum(), buckets));
    }

    private static Instant ceil(Instant instant, ChronoUnit unit) {
        Instant floor = instant.truncatedTo(unit);
        return floor.equals(instant) ? floor : floor.plus(1, unit);
    }
}
