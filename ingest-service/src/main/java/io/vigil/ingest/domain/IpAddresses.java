package io.vigil.ingest.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP literals only: parsing never resolves a name, so a hostname in a log field cannot trigger a DNS lookup. */
public final class IpAddresses {

    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private IpAddresses() {
    }

    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        boolean literal = isIpv4(candidate)
                || (candidate.indexOf(':') >= 0 && IPV6_CHARS.matcher(candidate).matches());
        if (!literal) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Four decimal octets from 0 to 255 joined by dots, none with a leading zero (which some readers take for octal).
     * Checked by hand: the equivalent regex was 2.5 % of ingest's CPU, once per event.
     */
    static boolean isIpv4(String text) {
        int at = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (at >= text.length() || text.charAt(at) != '.') {
                    return false;
                }
                at++;
            }
            int start = at;
            int value = 0;
            while (at < text.length() && at - start < 3 && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                value = value * 10 + text.charAt(at) - '0';
                at++;
            }
            int digits = at - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
        }
        return at == text.length();
    }

    /** Private, loopback or link-local: traffic that never crossed the internet. */
    public static boolean isPrivate(InetAddress address) {
        if (address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        // IPv6 unique local addresses (fc00::/7) are not "site local" to the JDK
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
