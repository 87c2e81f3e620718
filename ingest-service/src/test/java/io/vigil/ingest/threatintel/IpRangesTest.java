package io.vigil.ingest.threatintel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class IpRangesTest {

    static IpRanges of(String... entries) {
        IpRanges.Builder builder = IpRanges.builder();
        for (String entry : entries) {
            assertThat(builder.add(entry)).as(entry).isTrue();
        }
        return builder.build();
    }

    static boolean contains(IpRanges ranges, String ip) {
        try {
            return ranges.contains(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void exactAddresses() {
        IpRanges ranges = of("185.220.101.45", "2a0b:f4c2::1");
        assertThat(contains(ranges, "185.220.101.45")).isTrue();
        assertThat(contains(ranges, "185.220.101.44")).isFalse();
        assertThat(contains(ranges, "185.220.101.46")).isFalse();
        assertThat(contains(ranges, "2a0b:f4c2::1")).isTrue();
        assertThat(contains(ranges, "2a0b:f4c2:0:0:0:0:0:1")).isTrue();
        assertThat(contains(ranges, "2a0b:f4c2::2")).isFalse();
        assertThat(contains(ranges, "2a0b:f4c2::")).isFalse();
    }

    @Test
    void cidrBlocksIncludeBothEnds() {
        IpRanges ranges = of("203.0.113.0/24", "2001:db8:1::/48");
        assertThat(contains(ranges, "203.0.113.0")).isTrue();
        assertThat(contains(ranges, "203.0.113.255")).isTrue();
        assertThat(contains(ranges, "203.0.112.255")).isFalse();
        assertThat(contains(ranges, "203.0.114.0")).isFalse();
        assertThat(contains(ranges, "2001:db8:1::")).isTrue();
        assertThat(contains(ranges, "2001:db8:1:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(ranges, "2001:db8:2::")).isFalse();
        assertThat(contains(ranges, "2001:db8:0:ffff:ffff:ffff:ffff:ffff")).isFalse();
    }

    @Test
    void hostBitsBelowThePrefixAreIgnored() {
        IpRanges ranges = of("10.1.2.3/16", "2001:db8::1234/64");
        assertThat(contains(ranges, "10.1.0.0")).isTrue();
        assertThat(contains(ranges, "10.1.255.255")).isTrue();
        assertThat(contains(ranges, "10.2.0.0")).isFalse();
        assertThat(contains(ranges, "2001:db8::ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(ranges, "2001:db8:0:1::")).isFalse();
    }

    @Test
    void overlappingRangesMergeIntoOne() {
        IpRanges ranges = of("10.0.0.0/8", "10.20.0.0/16", "10.255.255.255", "9.255.255.0/25", "9.255.255.64/26",
                "2001:db8::/32", "2001:db8:ffff::/48");
        assertThat(ranges.ranges()).isEqualTo(3);
        assertThat(contains(ranges, "10.20.30.40")).isTrue();
        assertThat(contains(ranges, "9.255.255.127")).isTrue();
        assertThat(contains(ranges, "9.255.255.128")).isFalse();
        assertThat(contains(ranges, "11.0.0.0")).isFalse();
        assertThat(contains(ranges, "2001:db8:ffff:1::")).isTrue();
    }

    @Test
    void adjacentRangesMergeWithoutSwallowingTheGapAfterThem() {
        IpRanges ranges = of("192.0.2.0/25", "192.0.2.128/25", "192.0.3.0", "2001:db8::/64", "2001:db8:0:1::/64",
                "::ffff:ffff:ffff:ffff/64");
        assertThat(ranges.ranges()).isEqualTo(3); // 192.0.2.0-192.0.3.0, 2001:db8::/63, the /64 apart
        assertThat(contains(ranges, "192.0.3.0")).isTrue();
        assertThat(contains(ranges, "192.0.3.1")).isFalse();
        assertThat(contains(ranges, "2001:db8:0:1:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(ranges, "2001:db8:0:2::")).isFalse();
    }

    @Test
    void rangesCarryAcrossTheMiddleOfAnIpv6Address() {
        // 2001:db8:0:0:ffff:ffff:ffff:ffff + 1 = 2001:db8:0:1::, a carry from the low into the high half
        IpRanges ranges = of("2001:db8::ffff:ffff:ffff:ffff", "2001:db8:0:1::");
        assertThat(ranges.ranges()).isEqualTo(1);
    }

    @Test
    void slashZeroCoversOneFamilyOnly() {
        IpRanges v4 = of("0.0.0.0/0");
        assertThat(contains(v4, "0.0.0.0")).isTrue();
        assertThat(contains(v4, "255.255.255.255")).isTrue();
        assertThat(contains(v4, "2001:db8::1")).isFalse();

        IpRanges v6 = of("::/0");
        assertThat(contains(v6, "::")).isTrue();
        assertThat(contains(v6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(v6, "198.51.100.1")).isFalse();
    }

    @Test
    void fullLengthPrefixesAreSingleAddresses() {
        IpRanges ranges = of("255.255.255.255/32", "198.51.100.7/32", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
                "2001:db8::7/128");
        assertThat(contains(ranges, "255.255.255.255")).isTrue();
        assertThat(contains(ranges, "255.255.255.254")).isFalse();
        assertThat(contains(ranges, "198.51.100.7")).isTrue();
        assertThat(contains(ranges, "198.51.100.8")).isFalse();
        assertThat(contains(ranges, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(ranges, "2001:db8::7")).isTrue();
        assertThat(contains(ranges, "2001:db8::6")).isFalse();
    }

    @Test
    void ipv4MappedIpv6MatchesAsIpv4OnBothSides() {
        IpRanges ranges = of("203.0.113.0/24", "::ffff:198.51.100.0/120");
        assertThat(contains(ranges, "::ffff:203.0.113.9")).isTrue();
        assertThat(contains(ranges, "::ffff:cb00:7109")).isTrue(); // 203.0.113.9 in hex
        assertThat(contains(ranges, "198.51.100.200")).isTrue();
        assertThat(contains(ranges, "198.51.101.1")).isFalse();

        byte[] mapped = new byte[16]; // as a packet would carry it, not pre-converted by the JDK's parser
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 203;
        mapped[14] = (byte) 113;
        mapped[15] = 9;
        assertThat(ranges.contains(mapped)).isTrue();
    }

    @Test
    void malformedEntriesAreRefused() {
        IpRanges.Builder builder = IpRanges.builder();
        for (String bad : new String[] {"", "   ", "not-an-ip", "example.com", "256.1.1.1", "1.2.3", "010.1.1.1",
                "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/8/8", "1.2.3.4/ 8", "2001:db8::/129", "2001:db8::g",
                "::ffff:1.2.3.0/95", "1.2.3.4 5.6.7.8", "fe80::1%eth0", "1.2.3.4/1000"}) {
            assertThat(builder.add(bad)).as(bad).isFalse();
        }
        assertThat(builder.add(null)).isFalse();
        assertThat(builder.build().isEmpty()).isTrue();
    }

    @Test
    void emptySetContainsNothing() {
        assertThat(contains(IpRanges.empty(), "1.1.1.1")).isFalse();
        assertThat(contains(IpRanges.empty(), "::1")).isFalse();
        assertThat(IpRanges.empty().contains(new byte[3])).isFalse();
    }

    @Test
    void manyRandomBlocksAgreeWithANaiveCheck() {
        java.util.Random random = new java.util.Random(42);
        IpRanges.Builder builder = IpRanges.builder();
        long[][] blocks = new long[2000][];
        for (int i = 0; i < blocks.length; i++) {
            long ip = random.nextInt() & 0xffffffffL;
            int prefix = 8 + random.nextInt(25);
            long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            blocks[i] = new long[] {ip & mask, (ip & mask) | (~mask & 0xffffffffL)};
            builder.add(text(ip) + "/" + prefix);
        }
        IpRanges ranges = builder.build();
        for (int i = 0; i < 20_000; i++) {
            long ip = i % 2 == 0 ? random.nextInt() & 0xffffffffL : blocks[random.nextInt(blocks.length)][1];
            boolean expected = false;
            for (long[] block : blocks) {
                expected |= ip >= block[0] && ip <= block[1];
            }
            byte[] bytes = {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
            assertThat(ranges.contains(bytes)).as(text(ip)).isEqualTo(expected);
        }
    }

    @Test
    void manyRandomIpv6BlocksAgreeWithANaiveCheck() throws Exception {
        java.util.Random random = new java.util.Random(7);
        IpRanges.Builder builder = IpRanges.builder();
        java.math.BigInteger[][] blocks = new java.math.BigInteger[1000][];
        java.math.BigInteger all = java.math.BigInteger.ONE.shiftLeft(128).subtract(java.math.BigInteger.ONE);
        for (int i = 0; i < blocks.length; i++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            bytes[0] = (byte) (0x20 | (bytes[0] & 0x01)); // crowd the blocks together so that they overlap
            int prefix = 1 + random.nextInt(128);
            java.math.BigInteger hostMask = java.math.BigInteger.ONE.shiftLeft(128 - prefix)
                    .subtract(java.math.BigInteger.ONE);
            java.math.BigInteger first = new java.math.BigInteger(1, bytes).andNot(hostMask);
            blocks[i] = new java.math.BigInteger[] {first, first.or(hostMask)};
            builder.add(InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix);
        }
        IpRanges ranges = builder.build();
        for (int i = 0; i < 5_000; i++) {
            java.math.BigInteger ip = i % 2 == 0 ? new java.math.BigInteger(128, random).and(all)
                    .clearBit(127).clearBit(126).setBit(125)
                    : blocks[random.nextInt(blocks.length)][random.nextInt(2)];
            boolean expected = false;
            for (java.math.BigInteger[] block : blocks) {
                expected |= ip.compareTo(block[0]) >= 0 && ip.compareTo(block[1]) <= 0;
            }
            byte[] raw = ip.toByteArray();
            byte[] bytes = new byte[16];
            System.arraycopy(raw, Math.max(0, raw.length - 16), bytes, Math.max(0, 16 - raw.length),
                    Math.min(16, raw.length));
            assertThat(ranges.contains(bytes)).as(ip.toString(16)).isEqualTo(expected);
        }
    }

    private static String text(long ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }
}
