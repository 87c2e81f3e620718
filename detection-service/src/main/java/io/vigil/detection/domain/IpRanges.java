package io.vigil.detection.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;

/** The network a caller came from, coarsened so that a laptop's changing address in one office is one place. */
final class IpRanges {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private IpRanges() {
    }

    /**
     * The caller's /24 (IPv4) or /48 (IPv6) as text, or null when the address is absent, private, in a trusted
     * network, or not an address literal: those never count as external.
     */
    static String range(AccessEvent event, DetectionConfig.UnusualIp config) {
        if (event.client() == null || event.client().ip() == null || event.ip() == null || event.ip().isPrivate()
                || event.ip().trustedNetwork()) {
            return null;
        }
        String ip = event.client().ip().trim();
        // only literals: anything else would make InetAddress resolve a name
        if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
            return null;
        }
        byte[] address;
        try {
            address = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        int prefix = address.length == 4 ? config.ipv4Prefix() : config.ipv6Prefix();
        StringBuilder range = new StringBuilder();
        for (int i = 0; i < address.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            int octet = address[i] & (0xff << (8 - bits)) & 0xff;
            range.append(i == 0 ? "" : address.length == 4 ? "." : ":").append(address.length == 4
                    ? Integer.toString(octet) : Integer.toHexString(octet));
        }
        return range.append('/').append(prefix).toString();
    }
}
