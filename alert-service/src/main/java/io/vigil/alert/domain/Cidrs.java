package io.vigil.alert.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Validates IPs and CIDR blocks as literals only, so a hostname in a setting never causes a DNS lookup. */
public final class Cidrs {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private Cidrs() {
    }

    public static boolean isValid(String cidr) {
        if (cidr == null) {
            return false;
        }
        String[] parts = cidr.strip().split("/", -1);
        if (parts.length > 2 || !LITERAL.matcher(parts[0]).matches()
                || (parts[0].indexOf(':') < 0 && !parts[0].matches("(\\d{1,3}\\.){3}\\d{1,3}"))) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]);
            if (parts.length == 1) {
                return true;
            }
            int prefix = Integer.parseInt(parts[1]);
            return prefix >= 0 && prefix <= address.getAddress().length * 8;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
