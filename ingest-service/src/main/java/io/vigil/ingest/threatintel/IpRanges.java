package io.vigil.ingest.threatintel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vigil.ingest.domain.IpAddresses;

/**
 * An immutable set of IPv4 and IPv6 addresses and CIDR blocks, answering "does it contain this address" in
 * O(log n) without allocating.
 * <p>
 * Design: at build time every entry becomes an inclusive [first, last] range; the ranges are sorted by their first
 * address and overlapping or adjacent ones are merged, so the remaining ranges are disjoint and strictly increasing.
 * A lookup is then one binary search for the last range starting at or below the address, plus one comparison with
 * its end. IPv4 ranges are kept as unsigned 32-bit values in {@code long[]}, IPv6 ranges as (high, low) pairs of
 * unsigned 64-bit halves in four parallel {@code long[]}. Primitive arrays keep 250,000 ranges at a few megabytes with
 * no per-entry objects for the garbage collector to trace, and beat a binary trie on memory while matching its
 * lookup cost; merging also makes the answer independent of how a feed happens to split or repeat its blocks.
 */
public final class IpRanges {

    private static final IpRanges EMPTY = new Builder().build();

    private final long[] v4First;
    private final long[] v4Last;
    private final long[] v6FirstHigh;
    private final long[] v6FirstLow;
    private final long[] v6LastHigh;
    private final long[] v6LastLow;

    private IpRanges(long[] v4First, long[] v4Last, long[] v6FirstHigh, long[] v6FirstLow, long[] v6LastHigh,
            long[] v6LastLow) {
        this.v4First = v4First;
        this.v4Last = v4Last;
        this.v6FirstHigh = v6FirstHigh;
        this.v6FirstLow = v6FirstLow;
        this.v6LastHigh = v6LastHigh;
        this.v6LastLow = v6LastLow;
    }

    public static IpRanges empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Disjoint ranges left after merging; at most the number of entries added. */
    public int ranges() {
        return v4First.length + v6FirstHigh.length;
    }

    public boolean isEmpty() {
        return ranges() == 0;
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** @param address 4 or 16 bytes in network order; an IPv4-mapped IPv6 address matches as its IPv4 address */
    public boolean contains(byte[] address) {
        if (address.length == 4) {
            return containsV4(v4(address, 0));
        }
        if (address.length != 16) {
            return false;
        }
        if (isV4Mapped(address)) {
            // the JDK already turns ::ffff:a.b.c.d text into an Inet4Address; bytes from elsewhere may not be
            return containsV4(v4(address, 12));
        }
        return containsV6(half(address, 0), half(address, 8));
    }

    private boolean containsV4(long ip) {
        int i = Arrays.binarySearch(v4First, ip);
        if (i >= 0) {
            return true;
        }
        int candidate = -i - 2; // the last range that starts below ip
        return candidate >= 0 && ip <= v4Last[candidate];
    }

    private boolean containsV6(long high, long low) {
        int lo = 0;
        int hi = v6FirstHigh.length - 1;
        int candidate = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6FirstHigh[mid], v6FirstLow[mid], high, low) <= 0) {
                candidate = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return candidate >= 0 && compare(high, low, v6LastHigh[candidate], v6LastLow[candidate]) <= 0;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static long v4(byte[] a, int offset) {
        return ((a[offset] & 0xffL) << 24) | ((a[offset + 1] & 0xffL) << 16) | ((a[offset + 2] & 0xffL) << 8)
                | (a[offset + 3] & 0xffL);
    }

    private static long half(byte[] a, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (a[i] & 0xffL);
        }
        return value;
    }

    /** Collects entries; not thread-safe, build once and share the result. */
    public static final class Builder {

        private long[] v4 = new long[64]; // first << 32 | last: ordering the packed values orders by first address
        private int v4Count;
        private final List<long[]> v6 = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds one IP address or CIDR block ({@code 203.0.113.7}, {@code 203.0.113.0/24}, {@code 2001:db8::/32},
         * {@code ::ffff:203.0.113.0/120}). Host bits below the prefix are ignored, as routers do.
         *
         * @return false, adding nothing, when the text is not an IP literal or a valid prefix length
         */
        public boolean add(String entry) {
            if (entry == null) {
                return false;
            }
            String text = entry.strip();
            int slash = text.indexOf('/');
            String literal = slash < 0 ? text : text.substring(0, slash);
            Optional<InetAddress> parsed = IpAddresses.parse(literal);
            if (parsed.isEmpty()) {
                return false;
            }
            byte[] bytes = parsed.get().getAddress();
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String length = text.substring(slash + 1);
                if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return false;
                }
                prefix = Integer.parseInt(length);
                if (parsed.get() instanceof Inet4Address && literal.indexOf(':') >= 0) {
                    // written as IPv4-mapped IPv6: the prefix counts the 96 bits of ::ffff: in front
                    if (prefix < 96 || prefix > 128) {
                        return false;
                    }
                    prefix -= 96;
                }
                if (prefix > bits) {
                    return false;
                }
            }
            if (bytes.length == 4) {
                long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
                long first = v4(bytes, 0) & mask;
                addV4(first, first | (~mask & 0xffffffffL));
            } else {
                long highMask = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
                long lowMask = prefix <= 64 ? 0 : -1L << (128 - prefix);
                long high = half(bytes, 0) & highMask;
                long low = half(bytes, 8) & lowMask;
                v6.add(new long[] {high, low, high | ~highMask, low | ~lowMask});
            }
            return true;
        }

        private void addV4(long first, long last) {
            if (v4Count == v4.length) {
                v4 = Arrays.copyOf(v4, v4.length * 2);
            }
            v4[v4Count++] = (first << 32) | last;
        }

        public IpRanges build() {
            long[] packed = Arrays.copyOf(v4, v4Count);
            // flipping the sign bit makes the signed sort an unsigned one: first addresses from 128.0.0.0 set it
            for (int i = 0; i < packed.length; i++) {
                packed[i] ^= Long.MIN_VALUE;
            }
            Arrays.sort(packed);
            long[] firsts = new long[packed.length];
            long[] lasts = new long[packed.length];
            int n = 0;
            for (long flipped : packed) {
                long range = flipped ^ Long.MIN_VALUE;
                long first = range >>> 32;
                long last = range & 0xffffffffL;
                if (n > 0 && first <= lasts[n - 1] + 1) { // overlapping or adjacent: extend the previous range
                    lasts[n - 1] = Math.max(lasts[n - 1], last);
                } else {
                    firsts[n] = first;
                    lasts[n] = last;
                    n++;
                }
            }

            long[][] ranges6 = v6.toArray(long[][]::new);
            Arrays.sort(ranges6, (a, b) -> compare(a[0], a[1], b[0], b[1]));
            long[] fh = new long[ranges6.length];
            long[] fl = new long[ranges6.length];
            long[] lh = new long[ranges6.length];
            long[] ll = new long[ranges6.length];
            int m = 0;
            for (long[] r : ranges6) {
                if (m > 0 && adjacentOrOverlapping(lh[m - 1], ll[m - 1], r[0], r[1])) {
                    if (compare(r[2], r[3], lh[m - 1], ll[m - 1]) > 0) {
                        lh[m - 1] = r[2];
                        ll[m - 1] = r[3];
                    }
                } else {
                    fh[m] = r[0];
                    fl[m] = r[1];
                    lh[m] = r[2];
                    ll[m] = r[3];
                    m++;
                }
            }
            return new IpRanges(Arrays.copyOf(firsts, n), Arrays.copyOf(lasts, n), Arrays.copyOf(fh, m),
                    Arrays.copyOf(fl, m), Arrays.copyOf(lh, m), Arrays.copyOf(ll, m));
        }

        /** first <= last + 1, without overflowing when last is the highest address. */
        private static boolean adjacentOrOverlapping(long lastHigh, long lastLow, long firstHigh, long firstLow) {
            if (lastHigh == -1L && lastLow == -1L) {
                return true;
            }
            long nextLow = lastLow + 1;
            long nextHigh = nextLow == 0 ? lastHigh + 1 : lastHigh;
            return compare(firstHigh, firstLow, nextHigh, nextLow) <= 0;
        }
    }
}
