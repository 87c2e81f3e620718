package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.vigil.alert.repository.UsageRepository;
import io.vigil.alert.service.UsageService;

/**
 * Transactions over [from, to) by hour or UTC day, with the total.
 *
 * @param buckets oldest first; periods without usage are left out
 */
public record UsageView(String subscriptionId, Instant from, Instant to, String granularity, long total,
        List<UsageRepository.Bucket> buckets) {

    static UsageView of(UsageService.Series s) {
        return new UsageView(s.subscriptionId(), s.from(), s.to(), s.granularity().name().toLowerCase(Locale.ROOT),
                s.total(), s.buckets());
    }
}
