package io.vigil.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address or CIDR range. Only literals are parsed: {@link InetAddress#getByName} would resolve a
 * host name through DNS, which neither a suppression rule nor a configured network may ever do.
 */
public final class IpRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private IpRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address; empty when it is neither. */
    public static Optional<IpRange> parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        Optional<byte[]> address = address(slash < 0 ? value : value.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = value.substring(slash + 1);
            if (!length.matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpRange(address.get(), prefix, value));
    }

    /** The bytes of an address literal: 4 for IPv4 (also when written IPv4-mapped), 16 for IPv6. */
    public static Optional<byte[]> address(String text) {
        String value = text.trim();
        if (IPV4.matcher(value).matches()) {
            String[] parts = value.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return Optional.of(bytes);
        }
        if (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()) {
            try {
                // a string with a colon is only ever taken as an IPv6 literal, never looked up
                return Optional.of(InetAddress.getByName(value).getAddress());
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A /0 range covers a whole address family: as a suppression condition it narrows nothing. */
    public boolean coversEverything() {
        return prefix == 0;
    }

    public boolean contains(String address) {
        return address(address).map(this::contains).orElse(false);
    }

    /** @param address 4 bytes for IPv4, 16 for IPv6, as {@link InetAddress#getAddress} gives them */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** The range as it was written, trimmed. */
    @Override
    public String toString() {
        return text;
    }
}
