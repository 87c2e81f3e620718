package io.vigil.ingest.service;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.vigil.ingest.config.LimitsConfig;

/**
 * A token bucket per client, so one noisy shipper cannot starve the others. Buckets live in this instance only:
 * with N replicas a client gets N times the rate, which is acceptable for protecting each instance.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(LimitsConfig config) {
        this.perSecond = config.requestsPerSecond();
        this.burst = config.burst();
    }

    /** Empty when the request may proceed, else how many seconds the client should wait. */
    public OptionalLong acquire(String client) {
        return buckets.computeIfAbsent(client, c -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized OptionalLong take(double perSecond, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
