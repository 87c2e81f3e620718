package io.vigil.ingest.service;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.vigil.ingest.threatintel.IpRanges;

/**
 * Each subscription's own trusted networks (from its settings on {@code vigil.config.v1}), matched at ingest next to
 * the global trusted lists. One immutable range set per subscription, replaced whole, so lookups never lock.
 */
@ApplicationScoped
public class TrustedNetworks {

    private final ConcurrentMap<String, IpRanges> bySubscription = new ConcurrentHashMap<>();

    /**
     * Replaces the subscription's trusted networks; an empty list removes them.
     *
     * @param cidrs IP addresses or CIDR blocks, IPv4 or IPv6
     * @return the entries that are not an IP or CIDR and were left out, for the caller to report
     */
    public List<String> update(String subscriptionId, List<String> cidrs) {
        IpRanges.Builder builder = IpRanges.builder();
        List<String> invalid = new ArrayList<>();
        for (String cidr : cidrs == null ? List.<String>of() : cidrs) {
            if (!builder.add(cidr)) {
                invalid.add(String.valueOf(cidr));
            }
        }
        IpRanges ranges = builder.build();
        if (ranges.isEmpty()) {
            bySubscription.remove(subscriptionId);
        } else {
            bySubscription.put(subscriptionId, ranges);
        }
        return List.copyOf(invalid);
    }

    public void remove(String subscriptionId) {
        bySubscription.remove(subscriptionId);
    }

    public boolean contains(String subscriptionId, InetAddress address) {
        return contains(subscriptionId, address.getAddress());
    }

    boolean contains(String subscriptionId, byte[] address) {
        if (subscriptionId == null) {
            return false;
        }
        IpRanges ranges = bySubscription.get(subscriptionId);
        return ranges != null && ranges.contains(address);
    }
}
